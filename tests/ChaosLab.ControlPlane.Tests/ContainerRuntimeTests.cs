using System.Globalization;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Image;
using ChaosLab.Lab.Lifecycle;
using CliWrap;
using CliWrap.Buffered;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Pods as real containers on the HA lab, through the tools a user has: isolation from the node, limits enforced by
/// cgroups, volumes and environment from ConfigMaps and Secrets, a user's own image from `docker build` to a
/// Service, and the messages a user gets for what cannot run.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ContainerRuntimeTests
{
    private const string Ns = "runtime";

    /// <summary>What containerd gives a container that asks for nothing more (Docker's default set), as /proc shows it.</summary>
    private const string DefaultCapabilities = "00000000a80425fb";

    private readonly string _userImage = $"chaoslab-test/web:{Environment.ProcessId}";
    private Kubernetes _client = null!;
    private KubectlCli _kubectl = null!;

    [OneTimeSetUp]
    public async Task StartPods()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubectl = new KubectlCli(LabPaths.For(lab.Name).Kubeconfig);
        await _kubectl.OkAsync("create", "namespace", Ns);
        await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: inside}
            spec:
              containers:
              - {name: main, image: chaoslab/shell, command: [sleep, infinity]}
            """, Ns);
        await WaitRunningAsync("inside");
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        _client?.Dispose();
        _kubectl?.Dispose();
        await Cli.Wrap("docker").WithArguments(["image", "rm", "-f", _userImage]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
    }

    [Test]
    public async Task A_pod_does_not_see_its_nodes_files()
    {
        var result = await ExecAsync("inside", "sh", "-c", "test -e /etc/chaoslab && ls -R /etc/chaoslab; test ! -e /etc/chaoslab");

        Assert.That(result.ExitCode, Is.Zero, $"/etc/chaoslab is there:\n{result.StandardOutput}");
    }

    [Test]
    public async Task A_pod_sees_only_its_own_processes()
    {
        var result = await ExecAsync("inside", "sh", "-c", "for p in /proc/[0-9]*; do cat $p/comm; done");
        var names = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(names, Has.Member("sleep"));
        Assert.That(names, Has.None.StartsWith("kube").And.None.StartsWith("containerd").And.None.StartsWith("chaoslab").And.None.EqualTo("etcd"));
        Assert.That(names, Has.Length.LessThanOrEqualTo(4), string.Join(", ", names));
    }

    [Test]
    public async Task A_pod_cannot_write_the_kernels_settings()
    {
        var result = await ExecAsync("inside", "sh", "-c", "echo '|/tmp/x' > /proc/sys/kernel/core_pattern");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain("Read-only file system"));
    }

    [Test]
    public async Task A_pods_capabilities_are_the_runtimes_default_set()
    {
        var result = await ExecAsync("inside", "sh", "-c", "grep CapEff /proc/self/status");

        Assert.That(result.StandardOutput.Split(':')[^1].Trim(), Is.EqualTo(DefaultCapabilities), result.StandardError);
    }

    [Test]
    public async Task A_container_over_its_memory_limit_is_OOMKilled_with_137_and_restarted()
    {
        // dd's own 64 MiB buffer, filled from /dev/zero: the kernel's OOM killer ends it inside its 32 MiB cgroup.
        await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: oom}
            spec:
              containers:
              - name: main
                image: chaoslab/shell
                command: [dd, if=/dev/zero, of=/dev/null, bs=64M, count=1]
                resources: {limits: {memory: 32Mi}}
            """, Ns);

        V1ContainerStatus? status = null;
        await Eventually.UntilAsync("the oom container killed and restarted", TimeSpan.FromSeconds(90), async () =>
        {
            var pod = await _client.CoreV1.ReadNamespacedPodAsync("oom", Ns);
            status = pod.Status?.ContainerStatuses?.FirstOrDefault();
            return (status is { RestartCount: >= 1, LastState.Terminated: not null }, status is null ? "no container status yet" : KubernetesJson.Serialize(status));
        });
        Assert.That((status!.LastState.Terminated.Reason, status.LastState.Terminated.ExitCode), Is.EqualTo(("OOMKilled", 137)));
    }

    [Test]
    public async Task A_cpu_limit_caps_what_a_busy_container_uses()
    {
        await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: busy}
            spec:
              containers:
              - name: main
                image: chaoslab/shell
                command: [sh, -c, 'while :; do :; done']
                resources: {limits: {cpu: 200m}}
            """, Ns);
        await WaitRunningAsync("busy");

        // utime + stime of the busy shell (PID 1 of its container) in clock ticks (100 a second), five seconds apart.
        var result = await ExecAsync("busy", "sh", "-c",
            "a=$(cut -d' ' -f14,15 /proc/1/stat); sleep 5; b=$(cut -d' ' -f14,15 /proc/1/stat); echo $a $b");
        var ticks = result.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var cores = (ticks[2] + ticks[3] - ticks[0] - ticks[1]) / 100.0 / 5;
        await TestContext.Progress.WriteLineAsync($"busy loop limited to 200m used {cores:0.000} cores over 5 s");

        Assert.That(cores, Is.LessThan(0.3), "a limit of 200m lets a busy loop use about 0.2 of a core");
    }

    [Test]
    public async Task Volumes_and_environment_come_from_ConfigMaps_and_Secrets_and_updates_reach_the_files()
    {
        await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {greeting: hello, mode: fast}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: credentials}
            stringData: {password: s3cret}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: volumes}
            spec:
              containers:
              - name: main
                image: chaoslab/shell
                command: [sleep, infinity]
                env:
                - {name: GREETING, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}
                - {name: PASSWORD, valueFrom: {secretKeyRef: {name: credentials, key: password}}}
                - {name: BOTH, value: "$(GREETING)-$(PASSWORD)"}
                envFrom:
                - {prefix: CFG_, configMapRef: {name: settings}}
                volumeMounts:
                - {name: settings, mountPath: /settings}
                - {name: credentials, mountPath: /credentials}
                - {name: scratch, mountPath: /scratch}
                - {name: node-tmp, mountPath: /node-tmp, readOnly: true}
              volumes:
              - {name: settings, configMap: {name: settings}}
              - {name: credentials, secret: {secretName: credentials, defaultMode: 0400}}
              - {name: scratch, emptyDir: {}}
              - {name: node-tmp, hostPath: {path: /tmp, type: Directory}}
            """, Ns);
        await WaitRunningAsync("volumes");

        var env = await ExecAsync("volumes", "sh", "-c", "echo $GREETING $PASSWORD $BOTH $CFG_mode");
        var files = await ExecAsync("volumes", "sh", "-c", "cat /settings/greeting /credentials/password; stat -Lc %a /credentials/password; echo x > /scratch/f && cat /scratch/f");
        var readOnly = await ExecAsync("volumes", "sh", "-c", "touch /settings/x || touch /node-tmp/x || echo refused");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.StandardOutput, Is.EqualTo("hello s3cret hello-s3cret fast\n"), env.StandardError);
            Assert.That(files.StandardOutput, Is.EqualTo("hellos3cret400\nx\n"), files.StandardError);
            Assert.That(readOnly.StandardOutput, Is.EqualTo("refused\n"), "configMap volumes and read-only mounts cannot be written");
        }

        await _kubectl.OkAsync("patch", "configmap", "settings", "-n", Ns, "-p", """{"data":{"greeting":"updated"}}""");
        await Eventually.UntilAsync("the ConfigMap update in the mounted file", TimeSpan.FromSeconds(60), async () =>
        {
            var read = await ExecAsync("volumes", "cat", "/settings/greeting");
            return (read.StandardOutput == "updated", read.StandardOutput);
        }, intervalMs: 1000);
    }

    [Test]
    public async Task A_users_own_image_runs_end_to_end_from_docker_build_to_a_Service()
    {
        var build = Directory.CreateTempSubdirectory("user-image-").FullName;
        try
        {
            // A FROM-scratch image with one static binary (busybox, taken from the built-in pause image) serving a page.
            var busybox = await Docker("create", "--label", $"{LabLabels.Owner}={Environment.ProcessId}", "chaoslab/pause:latest");
            var id = busybox.StandardOutput.Trim();
            await Docker("cp", $"{id}:/bin/busybox", Path.Combine(build, "busybox"));
            await Docker("rm", "-f", id);
            await File.WriteAllTextAsync(Path.Combine(build, "index.html"), "hello from a user image\n");
            await File.WriteAllTextAsync(Path.Combine(build, "Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                COPY index.html /www/index.html
                ENTRYPOINT ["/bin/busybox"]
                CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
                """);
            await Docker("build", "-q", "-t", _userImage, build);
        }
        finally
        {
            Directory.Delete(build, recursive: true);
        }

        // What `chaoslab load-image` does: the image into every node that runs pods.
        var state = HaCluster.State;
        var nodes = state.LabNodes().Where(n => n.RunsPods).Select(n => new ImageTarget(n.Name, LabLabels.ContainerName(state.Name, n.Name))).ToList();
        using (var images = new DockerImageEngine())
        {
            await new ImageLoader(HaCluster.Engine, images, TestLabs.Progress).LoadAsync([_userImage], nodes);
        }

        var deployment = await _kubectl.OkAsync("create", "deployment", "web", $"--image={_userImage}", "--port=8080", "--dry-run=client", "-o", "yaml");
        await _kubectl.ApplyAsync(deployment, Ns);
        await _kubectl.OkAsync("expose", "deployment", "web", "-n", Ns, "--port=80", "--target-port=8080");
        await _kubectl.OkAsync("rollout", "status", "deployment/web", "-n", Ns, "--timeout=90s");

        var service = await _client.CoreV1.ReadNamespacedServiceAsync("web", Ns);
        var client = await _client.CoreV1.ReadNamespacedPodAsync("inside", Ns);
        var answer = "";
        await Eventually.UntilAsync("the user's page through the Service", TimeSpan.FromSeconds(60), async () =>
        {
            var fetched = await HaCluster.ExecInPodAsync(client, "curl", "-s", "--max-time", "3", $"http://{service.Spec.ClusterIP}/");
            answer = fetched.Stdout;
            return (answer == "hello from a user image\n", $"exit {fetched.ExitCode}: {fetched.Stdout}{fetched.Stderr}");
        }, intervalMs: 1000);

        var logs = await _kubectl.OkAsync("logs", "deployment/web", "-n", Ns);
        var exec = await _kubectl.OkAsync("exec", "deployment/web", "-n", Ns, "--", "/bin/busybox", "cat", "/www/index.html");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(logs, Does.Contain("response:200"), "busybox httpd -v logs each answer to the container's output");
            Assert.That(exec, Is.EqualTo("hello from a user image\n"));
        }
    }

    [Test]
    public async Task A_containers_log_keeps_its_first_line()
    {
        // The first version's shell pods lost their first line of output (the log began with a newline).
        await _kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: lines}
            spec:
              restartPolicy: Never
              containers:
              - {name: main, image: chaoslab/shell, command: [sh, -c, 'echo first; echo second']}
            """, Ns);

        var logs = "";
        await Eventually.UntilAsync("both lines in kubectl logs", TimeSpan.FromSeconds(60), async () =>
        {
            logs = (await _kubectl.RunAsync("logs", "lines", "-n", Ns)).StandardOutput;
            return (logs.Contains("second", StringComparison.Ordinal), logs);
        }, intervalMs: 1000);
        Assert.That(logs, Is.EqualTo("first\nsecond\n"));
    }

    [TestCase("IfNotPresent", "ErrImagePull")]
    [TestCase("Never", "ErrImageNeverPull")]
    public async Task A_missing_image_says_how_to_load_it(string policy, string reason)
    {
        var name = $"absent-{policy.ToLowerInvariant()}";
        await _kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: {{name}}}
            spec:
              containers:
              - {name: main, image: "chaoslab-test/absent:1", imagePullPolicy: {{policy}}}
            """, Ns);

        V1ContainerStateWaiting? waiting = null;
        await Eventually.UntilAsync($"{name} waiting with a reason", TimeSpan.FromSeconds(60), async () =>
        {
            var pod = await _client.CoreV1.ReadNamespacedPodAsync(name, Ns);
            waiting = pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting;
            return (waiting?.Reason == reason, pod.Status is null ? "no status yet" : KubernetesJson.Serialize(pod.Status));
        });
        Assert.That(waiting!.Message, Does.Contain("chaoslab load-image chaoslab-test/absent:1"));
    }

    [Test]
    public async Task A_bad_securityContext_is_a_422_naming_the_field()
    {
        var result = await _kubectl.RunAsync(["apply", "-n", Ns, "-f", "-"], """
            apiVersion: v1
            kind: Pod
            metadata: {name: bad-context}
            spec:
              containers:
              - name: main
                image: chaoslab/shell
                securityContext: {runAsUser: -1}
            """);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain(
            "The Pod \"bad-context\" is invalid: spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive"));
        var pods = await _client.CoreV1.ListNamespacedPodAsync(Ns, fieldSelector: "metadata.name=bad-context");
        Assert.That(pods.Items, Is.Empty, "nothing half-done is left behind");
    }

    private Task<BufferedCommandResult> ExecAsync(string pod, params string[] command) => _kubectl.RunAsync(["exec", pod, "-n", Ns, "--", .. command]);

    private async Task WaitRunningAsync(string name) =>
        await Eventually.UntilAsync($"pod {name} running", TimeSpan.FromSeconds(90), async () =>
        {
            var pod = await _client.CoreV1.ReadNamespacedPodAsync(name, Ns);
            return (pod.Status?.ContainerStatuses?.All(c => c.State?.Running is not null) == true && pod.Status.ContainerStatuses.Count > 0,
                pod.Status is null ? "no status yet" : KubernetesJson.Serialize(pod.Status));
        });

    private static async Task<BufferedCommandResult> Docker(params string[] args)
    {
        var result = await Cli.Wrap("docker").WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(result.ExitCode, Is.Zero, $"docker {string.Join(' ', args)}: {result.StandardError}");
        return result;
    }
}
