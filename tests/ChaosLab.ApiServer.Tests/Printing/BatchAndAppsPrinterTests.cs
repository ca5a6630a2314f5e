using ChaosLab.ApiServer.Printing;
using static ChaosLab.ApiServer.Tests.Printing.PrintingSamples;

namespace ChaosLab.ApiServer.Tests.Printing;

[Category("Unit")]
public sealed class BatchAndAppsPrinterTests
{
    [Test]
    public void A_finished_job_is_complete_with_its_completions_and_run_time()
    {
        var job = Parse($$$"""
            {
              "metadata": {"name": "pi", "creationTimestamp": "{{{Ago(TimeSpan.FromMinutes(5))}}}"},
              "spec": {"completions": 3, "parallelism": 2, "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}},
                       "template": {"spec": {"containers": [{"name": "pi", "image": "perl"}]} } },
              "status": {"succeeded": 3, "startTime": "{{{Ago(TimeSpan.FromMinutes(4))}}}", "completionTime": "{{{Ago(TimeSpan.FromSeconds(200))}}}",
                         "conditions": [{"type": "SuccessCriteriaMet", "status": "True"}, {"type": "Complete", "status": "True"}]}
            }
            """);
        var printer = new JobPrinter();

        Assert.That(printer.Columns.Select(c => c.Name),
            Is.EqualTo(new[] { "Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector" }));
        Assert.That(Values(printer.Cells(job, Now)), Is.EqualTo(new object[]
        {
            "pi", "Complete", "3/3", "40s", "5m", "pi", "perl", "batch.kubernetes.io/controller-uid=u1",
        }));
    }

    [TestCase("""{"spec": {"parallelism": 4}, "status": {"succeeded": 1}}""", "Running", "1/1 of 4")]
    [TestCase("""{"spec": {}, "status": {"conditions": [{"type": "Failed", "status": "True"}]}}""", "Failed", "0/1")]
    [TestCase("""{"metadata": {"deletionTimestamp": "2025-01-01T11:00:00Z"}, "spec": {"completions": 2}}""", "Terminating", "0/2")]
    [TestCase("""{"spec": {}, "status": {"conditions": [{"type": "Suspended", "status": "True"}, {"type": "Complete", "status": "False"}]}}""", "Suspended", "0/1")]
    public void A_jobs_status_and_completions_follow_upstreams_order(string json, string status, string completions) =>
        Assert.That(Values(new JobPrinter().Cells(Parse(json), Now))[1..3], Is.EqualTo(new object[] { status, completions }));

    [Test]
    public void A_running_job_counts_its_duration_up_to_now() =>
        Assert.That(Values(new JobPrinter().Cells(Parse($$$"""{"status": {"startTime": "{{{Ago(TimeSpan.FromSeconds(75))}}}"}}"""), Now))[3],
            Is.EqualTo("75s"));

    [Test]
    public void A_cron_job_shows_schedule_zone_suspend_active_and_last_schedule()
    {
        var cronJob = Parse($$$"""
            {
              "metadata": {"name": "tick", "creationTimestamp": "{{{Ago(TimeSpan.FromHours(2))}}}"},
              "spec": {"schedule": "*/5 * * * *", "suspend": false,
                       "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "tick", "image": "busybox"}]} } } } },
              "status": {"active": [{"name": "tick-1"}], "lastScheduleTime": "{{{Ago(TimeSpan.FromSeconds(90))}}}"}
            }
            """);
        var printer = new CronJobPrinter();

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[]
        {
            "Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers", "Images", "Selector",
        }));
        Assert.That(Values(printer.Cells(cronJob, Now)), Is.EqualTo(new object[]
        {
            "tick", "*/5 * * * *", "<none>", "False", 1L, "90s", "120m", "tick", "busybox", "<none>",
        }));
    }

    [Test]
    public void A_cron_job_never_scheduled_and_without_suspend_says_so() =>
        Assert.That(Values(new CronJobPrinter().Cells(Parse("""{"spec": {"schedule": "@daily", "timeZone": "Europe/Paris"}}"""), Now))[2..6],
            Is.EqualTo(new object[] { "Europe/Paris", "<unset>", 0L, "<none>" }));

    [Test]
    public void A_daemon_set_shows_its_counts_and_node_selector()
    {
        var daemonSet = Parse("""
            {
              "metadata": {"name": "agent"},
              "spec": {"selector": {"matchLabels": {"app": "agent"}},
                       "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux", "disk": "ssd"}, "containers": [{"name": "a", "image": "agent:1"}]}}},
              "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2, "updatedNumberScheduled": 1, "numberAvailable": 2}
            }
            """);
        var printer = new DaemonSetPrinter();

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[]
        {
            "Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers", "Images", "Selector",
        }));
        Assert.That(Values(printer.Cells(daemonSet, Now)), Is.EqualTo(new object[]
        {
            "agent", 3L, 3L, 2L, 1L, 2L, "disk=ssd,kubernetes.io/os=linux", "<unknown>", "a", "agent:1", "app=agent",
        }));
    }

    [Test]
    public void A_stateful_set_shows_ready_of_desired() =>
        Assert.That(Values(new StatefulSetPrinter().Cells(Parse("""
            {"metadata": {"name": "db"}, "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "pg", "image": "postgres"}]}}},
             "status": {"readyReplicas": 2}}
            """), Now)), Is.EqualTo(new object[] { "db", "2/3", "<unknown>", "pg", "postgres" }));

    [Test]
    public void A_replication_controller_prints_its_selector_map() =>
        Assert.That(Values(new ReplicationControllerPrinter().Cells(Parse("""
            {"metadata": {"name": "rc"}, "spec": {"replicas": 2, "selector": {"tier": "a", "app": "web"}}, "status": {"replicas": 2, "readyReplicas": 2}}
            """), Now)), Is.EqualTo(new object[] { "rc", 2L, 2L, 2L, "<unknown>", "", "", "app=web,tier=a" }));

    [TestCase("apps/v1", "DaemonSet", "daemonset.apps/agent")]
    [TestCase("v1", "ReplicationController", "replicationcontroller/agent")]
    public void A_controller_revision_names_its_controller_by_lower_case_kind_and_group(string apiVersion, string kind, string expected) =>
        Assert.That(Values(new ControllerRevisionPrinter().Cells(Parse($$"""
            {"metadata": {"name": "agent-5f", "ownerReferences": [{"apiVersion": "v1", "kind": "Pod", "name": "x"},
                                                                 {"apiVersion": "{{apiVersion}}", "kind": "{{kind}}", "name": "agent", "controller": true}]},
             "revision": 4}
            """), Now)), Is.EqualTo(new object[] { "agent-5f", expected, 4L, "<unknown>" }));

    [Test]
    public void A_pod_template_shows_containers_images_and_pod_labels()
    {
        var printer = new PodTemplatePrinter();

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[] { "Name", "Containers", "Images", "Pod Labels" }));
        Assert.That(Values(printer.Cells(Parse("""
            {"metadata": {"name": "t"}, "template": {"metadata": {"labels": {"b": "2", "a": "1"}},
                                                     "spec": {"containers": [{"name": "x", "image": "x:1"}, {"name": "y", "image": "y:2"}]}}}
            """), Now)), Is.EqualTo(new object[] { "t", "x,y", "x:1,y:2", "a=1,b=2" }));
    }
}
