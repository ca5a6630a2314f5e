using ChaosLab.Lab;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>batch/v1 Jobs and CronJobs run real pods to completion or failure; kubectl creates Jobs from CronJobs.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class JobTests
{
    private const string Ns = "batch";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
    }

    [OneTimeTearDown]
    public void Dispose()
    {
        _kubectl?.Dispose();
        _client?.Dispose();
    }

    [Test]
    public async Task A_job_of_three_completions_two_at_a_time_completes()
    {
        await _kubectl.ApplyAsync(Job("three", "sleep 2", completions: 3, parallelism: 2, backoffLimit: 6), Ns);
        var mostActive = 0;
        V1Job job = null!;
        await Eventually.UntilAsync("job three Complete", TimeSpan.FromSeconds(120), async () =>
        {
            job = await _client.BatchV1.ReadNamespacedJobAsync("three", Ns);
            var running = (await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "job-name=three")).Items.Count(p => p.Status?.Phase is "Pending" or "Running" && p.Metadata.DeletionTimestamp is null);
            mostActive = Math.Max(mostActive, running);
            return (Condition(job, "Complete") == "True", Describe(job));
        });

        Assert.Multiple(() =>
        {
            Assert.That(job.Status.Succeeded, Is.EqualTo(3), Describe(job));
            Assert.That(job.Status.Failed ?? 0, Is.Zero);
            Assert.That(job.Status.Active ?? 0, Is.Zero);
            Assert.That(Condition(job, "SuccessCriteriaMet"), Is.EqualTo("True"));
            Assert.That(job.Status.CompletionTime, Is.Not.Null);
            Assert.That(job.Status.StartTime, Is.Not.Null);
            Assert.That(mostActive, Is.InRange(1, 2), "parallelism 2 caps the running pods");
            Assert.That(job.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"], Is.EqualTo(job.Metadata.Uid));
        });
        var pods = (await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "job-name=three")).Items;
        Assert.That(pods.Count(p => p.Status.Phase == "Succeeded"), Is.EqualTo(3));
        Assert.That(pods.Where(p => p.Metadata.Finalizers?.Contains("batch.kubernetes.io/job-tracking") == true), Is.Empty, "counted pods lose the tracking finalizer");
    }

    [Test]
    public async Task A_failing_job_hits_its_backoff_limit_and_fails()
    {
        await _kubectl.ApplyAsync(Job("fails", "exit 1", completions: 1, parallelism: 1, backoffLimit: 1), Ns);
        V1Job job = null!;
        await Eventually.UntilAsync("job fails Failed", TimeSpan.FromSeconds(120), async () =>
        {
            job = await _client.BatchV1.ReadNamespacedJobAsync("fails", Ns);
            return (Condition(job, "Failed") == "True", Describe(job));
        });
        var failed = job.Status.Conditions.Single(c => c.Type == "Failed");
        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Is.EqualTo("BackoffLimitExceeded"));
            Assert.That(failed.Message, Is.EqualTo("Job has reached the specified backoff limit"));
            Assert.That(Condition(job, "FailureTarget"), Is.EqualTo("True"));
            Assert.That(job.Status.Failed, Is.EqualTo(2), "the first pod and one replacement");
            Assert.That(job.Status.Succeeded ?? 0, Is.Zero);
            Assert.That(job.Status.CompletionTime, Is.Null);
        });
    }

    [Test]
    public async Task A_job_whose_pods_may_restart_always_is_refused_with_422()
    {
        var manifest = Job("always", "true", completions: 1, parallelism: 1, backoffLimit: 1).Replace("restartPolicy: Never", "restartPolicy: Always", StringComparison.Ordinal);
        var result = await _kubectl.RunAsync(["apply", "-n", Ns, "-f", "-"], manifest);
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain("spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""));
        var ex = Assert.ThrowsAsync<HttpOperationException>(() => _client.BatchV1.CreateNamespacedCronJobAsync(new V1CronJob
        {
            Metadata = new V1ObjectMeta { Name = "bad-schedule" },
            Spec = new V1CronJobSpec
            {
                Schedule = "every minute",
                JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = PodTemplate("true") } },
            },
        }, Ns));
        Assert.That((int)ex!.Response.StatusCode, Is.EqualTo(422));
        Assert.That(ex.Response.Content, Does.Contain("spec.schedule"));
    }

    [Test]
    public async Task A_cronjob_every_minute_fires_a_job_that_completes()
    {
        await _kubectl.ApplyAsync($"""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {"{"}name: minutely{"}"}
            spec:
              schedule: "*/1 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - {"{"}name: main, image: chaoslab/shell, command: [sh, -c, "true"]{"}"}
            """, Ns);

        V1CronJob cronJob = null!;
        await Eventually.UntilAsync("the cronjob's first job succeeded", TimeSpan.FromSeconds(150), async () =>
        {
            cronJob = await _client.BatchV1.ReadNamespacedCronJobAsync("minutely", Ns);
            return (cronJob.Status?.LastSuccessfulTime is not null, $"lastSchedule {cronJob.Status?.LastScheduleTime}, active {cronJob.Status?.Active?.Count ?? 0}");
        }, intervalMs: 1000);
        var scheduled = new DateTimeOffset(DateTime.SpecifyKind(cronJob.Status.LastScheduleTime!.Value, DateTimeKind.Utc));
        Assert.That(scheduled.Second, Is.Zero, "scheduled on a whole minute");
        var jobName = $"minutely-{scheduled.ToUnixTimeSeconds() / 60}";
        var job = await _client.BatchV1.ReadNamespacedJobAsync(jobName, Ns);
        Assert.Multiple(() =>
        {
            Assert.That(Condition(job, "Complete"), Is.EqualTo("True"), Describe(job));
            Assert.That(job.Metadata.OwnerReferences.Single().Kind, Is.EqualTo("CronJob"));
            Assert.That(job.Metadata.Annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"], Is.Not.Empty);
        });

        await _kubectl.OkAsync("delete", "cronjob", "minutely", "-n", Ns);
    }

    [Test]
    public async Task Kubectl_creates_a_job_from_a_cronjob_and_it_completes()
    {
        // Yearly, so only the kubectl-made Job runs in this test.
        await _kubectl.ApplyAsync("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: manual}
            spec:
              schedule: "0 0 1 1 *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: main, image: chaoslab/shell, command: [sh, -c, "true"]}
            """, Ns);
        await _kubectl.OkAsync("create", "job", "by-hand", "--from=cronjob/manual", "-n", Ns);
        await Eventually.UntilAsync("job by-hand Complete", TimeSpan.FromSeconds(90), async () =>
        {
            var byHand = await _client.BatchV1.ReadNamespacedJobAsync("by-hand", Ns);
            return (Condition(byHand, "Complete") == "True", Describe(byHand));
        });
        var manual = await _client.BatchV1.ReadNamespacedJobAsync("by-hand", Ns);
        Assert.That(manual.Metadata.Annotations["cronjob.kubernetes.io/instantiate"], Is.EqualTo("manual"));
        Assert.That(manual.Metadata.OwnerReferences.Single().Name, Is.EqualTo("manual"));
    }

    private static string Job(string name, string script, int completions, int parallelism, int backoffLimit) => $$"""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: {{name}}}
        spec:
          completions: {{completions}}
          parallelism: {{parallelism}}
          backoffLimit: {{backoffLimit}}
          template:
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 1
              containers:
              - {name: main, image: chaoslab/shell, command: [sh, -c, "{{script}}"]}
        """;

    private static V1PodTemplateSpec PodTemplate(string script) => new()
    {
        Spec = new V1PodSpec
        {
            RestartPolicy = "Never",
            Containers = [new V1Container { Name = "main", Image = "chaoslab/shell", Command = ["sh", "-c", script] }],
        },
    };

    private static string? Condition(V1Job job, string type) => job.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Status;

    private static string Describe(V1Job job) =>
        $"active {job.Status?.Active ?? 0}, ready {job.Status?.Ready ?? 0}, succeeded {job.Status?.Succeeded ?? 0}, failed {job.Status?.Failed ?? 0}, " +
        $"conditions [{string.Join(", ", job.Status?.Conditions?.Select(c => $"{c.Type}={c.Status}({c.Reason})") ?? [])}]";
}
