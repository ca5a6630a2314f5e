using ChaosLab.ApiServer.Printing;
using static ChaosLab.ApiServer.Tests.Printing.PrintingSamples;

namespace ChaosLab.ApiServer.Tests.Printing;

[Category("Unit")]
public sealed class PodPrinterTests
{
    private readonly PodPrinter _printer = new();

    [Test]
    public void Columns_are_upstreams_with_ip_node_nominated_node_and_readiness_gates_only_in_wide_output()
    {
        Assert.That(_printer.Columns.Select(c => c.Name),
            Is.EqualTo(new[] { "Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates" }));
        Assert.That(_printer.Columns.Select(c => c.Priority), Is.EqualTo(new[] { 0, 0, 0, 0, 0, 1, 1, 1, 1 }));
        Assert.That(_printer.Columns[0].Format, Is.EqualTo("name"));
    }

    [Test]
    public void A_running_ready_pod_shows_one_of_one_ready_and_running()
    {
        var pod = Pod(
            """{"name": "web", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2025-01-01T11:55:00Z"}}}""",
            phase: "Running");

        Assert.That(Values(_printer.Cells(pod, Now)),
            Is.EqualTo(new object[] { "web-1", "1/1", "Running", "0", "5m", "10.244.1.5", "worker-1", "<none>", "<none>" }));
    }

    [Test]
    public void A_crash_looping_container_shows_its_waiting_reason_and_when_it_last_restarted()
    {
        var pod = Pod(
            $$$"""
            {"name": "web", "ready": false, "restartCount": 2,
             "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 20s"}},
             "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "{{{Ago(TimeSpan.FromMinutes(5))}}}"} }
            }
            """,
            phase: "Running");

        var cells = Values(_printer.Cells(pod, Now));

        Assert.That(cells[1..4], Is.EqualTo(new object[] { "0/1", "CrashLoopBackOff", "2 (5m ago)" }));
    }

    [Test]
    public void A_pod_with_a_deletion_timestamp_is_terminating()
    {
        var pod = Pod("""{"name": "web", "ready": true, "restartCount": 0, "state": {"running": {}}}""", phase: "Running");
        pod["metadata"]!["deletionTimestamp"] = Ago(TimeSpan.FromSeconds(3));

        Assert.That(Values(_printer.Cells(pod, Now))[2], Is.EqualTo("Terminating"));
    }

    [Test]
    public void A_pod_waiting_on_its_first_init_container_shows_init_progress()
    {
        var pod = Pod("""{"name": "web", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}""", phase: "Pending");
        pod["spec"]!["initContainers"] = new System.Text.Json.Nodes.JsonArray(Parse("""{"name": "migrate", "image": "migrate:1"}"""));
        pod["status"]!["initContainerStatuses"] = new System.Text.Json.Nodes.JsonArray(
            Parse("""{"name": "migrate", "ready": false, "restartCount": 0, "state": {"running": {}}}"""));

        Assert.That(Values(_printer.Cells(pod, Now))[1..3], Is.EqualTo(new object[] { "0/1", "Init:0/1" }));
    }

    private static System.Text.Json.Nodes.JsonObject Pod(string containerStatus, string phase) => Parse($$$"""
        {
          "kind": "Pod", "apiVersion": "v1",
          "metadata": {"name": "web-1", "namespace": "default", "creationTimestamp": "{{{Ago(TimeSpan.FromMinutes(5))}}}"},
          "spec": {"nodeName": "worker-1", "containers": [{"name": "web", "image": "nginx:1.27"}]},
          "status": {"phase": "{{{phase}}}", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}], "containerStatuses": [{{{containerStatus}}}]}
        }
        """);
}
