using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class JobStrategyTests
{
    private static JsonObject Job(string restartPolicy = "Never") => Json("""
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default","uid":"u-1"},
         "spec":{"template":{"spec":{"restartPolicy":"RESTART_POLICY","containers":[{"name":"c","image":"shell"}]}}}}
        """.Replace("RESTART_POLICY", restartPolicy, StringComparison.Ordinal));

    [Test]
    public void Minimal_job_gets_upstream_defaults_and_a_selector_on_its_uid()
    {
        var job = Job();
        var causes = Create("Job", job);
        var spec = job["spec"]!;
        var labels = spec["template"]!["metadata"]!["labels"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Describe(causes), Is.Empty);
            Assert.That(((int?)spec["completions"], (int?)spec["parallelism"], (int?)spec["backoffLimit"]), Is.EqualTo(((int?)1, (int?)1, (int?)6)));
            Assert.That((string?)spec["completionMode"], Is.EqualTo("NonIndexed"));
            Assert.That((bool?)spec["suspend"], Is.False);
            Assert.That((bool?)spec["manualSelector"], Is.False);
            Assert.That((string?)spec["podReplacementPolicy"], Is.EqualTo("TerminatingOrFailed"));
            Assert.That(spec["selector"]!.ToJsonString(), Is.EqualTo("""{"matchLabels":{"batch.kubernetes.io/controller-uid":"u-1"}}"""));
            Assert.That(((string?)labels["controller-uid"], (string?)labels["job-name"], (string?)labels["batch.kubernetes.io/job-name"]), Is.EqualTo(("u-1", "pi", "pi")));
            Assert.That((string?)job["metadata"]!["labels"]!["job-name"], Is.EqualTo("pi"), "a Job without labels takes its template's");
        }
    }

    [Test]
    public void Only_parallelism_given_leaves_completions_unset_as_a_work_queue()
    {
        var job = Job();
        job["spec"]!["parallelism"] = 3;
        Strategy("Job").Default(job);
        Assert.That(job["spec"]!["completions"], Is.Null);
    }

    [Test]
    public void Pods_that_restart_always_are_not_supported()
    {
        var causes = Create("Job", Job("Always"));
        Assert.That(Describe(causes), Is.EqualTo("spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""));
    }

    [Test]
    public void Negative_limits_are_invalid()
    {
        var job = Job();
        job["spec"]!["backoffLimit"] = -1;
        job["spec"]!["ttlSecondsAfterFinished"] = -5;
        var causes = Create("Job", job);
        Assert.That(causes.Select(c => c.Field), Is.EquivalentTo(new[] { "spec.backoffLimit", "spec.ttlSecondsAfterFinished" }));
        Assert.That(causes[0].Message, Is.EqualTo("Invalid value: -1: must be greater than or equal to 0"));
    }

    [Test]
    public void A_selector_not_on_the_jobs_uid_is_refused_unless_manual()
    {
        var job = Job();
        job["spec"]!["selector"] = Json("""{"matchLabels":{"batch.kubernetes.io/controller-uid":"other"}}""");
        job["spec"]!["template"]!["metadata"] = Json("""{"labels":{"batch.kubernetes.io/controller-uid":"other"}}""");
        var causes = Create("Job", job);
        Assert.That(causes.Select(c => c.Field), Is.EquivalentTo(new[] { "spec.selector" }));
        Assert.That(causes[0].Message, Does.EndWith("`selector` not auto-generated"));

        var manual = Job();
        manual["spec"]!["manualSelector"] = true;
        manual["spec"]!["selector"] = Json("""{"matchLabels":{"app":"x"}}""");
        manual["spec"]!["template"]!["metadata"] = Json("""{"labels":{"app":"x"}}""");
        Assert.That(Describe(Create("Job", manual)), Is.Empty);
    }

    [Test]
    public void Selector_template_and_completions_are_immutable_but_parallelism_is_not()
    {
        Assert.That(Describe(Update("Job", Job(), j => j["spec"]!["parallelism"] = 4)), Is.Empty);
        Assert.That(Update("Job", Job(), j => j["spec"]!["completions"] = 4).Select(c => c.Field), Is.EqualTo(new[] { "spec.completions" }));
        Assert.That(Update("Job", Job(), j => j["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "other").Select(c => c.Field), Is.EqualTo(new[] { "spec.template" }));
        Assert.That(Update("Job", Job(), j => j["spec"]!["selector"]!["matchLabels"]!["extra"] = "x").Select(c => c.Field), Does.Contain("spec.selector"));
    }

    [Test]
    public void A_finished_job_cannot_lose_its_terminal_condition_and_complete_needs_a_completion_time()
    {
        var job = Job();
        Strategy("Job").Default(job);
        job["status"] = Json("""{"conditions":[{"type":"Complete","status":"True"}]}""");
        var causes = Strategy("Job").Validate(job, null);
        Assert.That(causes.Select(c => c.Field), Is.EqualTo(new[] { "status.completionTime" }));

        var stored = job.DeepClone().AsObject();
        stored["status"] = Json("""{"conditions":[{"type":"Failed","status":"True"}]}""");
        var updated = stored.DeepClone().AsObject();
        updated["status"] = Json("""{"conditions":[]}""");
        Strategy("Job").PrepareForStatusUpdate(updated, stored);
        Assert.That(Strategy("Job").Validate(updated, stored).Select(c => c.Field), Is.EqualTo(new[] { "status.conditions" }));
    }
}
