using ChaosLab.ApiServer.Printing;
using static ChaosLab.ApiServer.Tests.Printing.PrintingSamples;

namespace ChaosLab.ApiServer.Tests.Printing;

[Category("Unit")]
public sealed class NodePrinterTests
{
    private readonly NodePrinter _printer = new();

    [Test]
    public void Columns_are_name_status_roles_age_version_then_the_wide_ones()
    {
        Assert.That(_printer.Columns.Where(c => c.Priority == 0).Select(c => c.Name), Is.EqualTo(new[] { "Name", "Status", "Roles", "Age", "Version" }));
        Assert.That(_printer.Columns.Where(c => c.Priority == 1).Select(c => c.Name),
            Is.EqualTo(new[] { "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime" }));
    }

    [Test]
    public void A_ready_control_plane_node_shows_its_role_version_and_addresses()
    {
        var node = Parse($$$"""
            {
              "metadata": {"name": "cp-1", "creationTimestamp": "{{{Ago(TimeSpan.FromHours(51))}}}",
                           "labels": {"node-role.kubernetes.io/control-plane": "", "kubernetes.io/hostname": "cp-1"}},
              "spec": {},
              "status": {
                "conditions": [{"type": "MemoryPressure", "status": "False"}, {"type": "Ready", "status": "True"}],
                "addresses": [{"type": "Hostname", "address": "cp-1"}, {"type": "InternalIP", "address": "172.30.0.10"}],
                "nodeInfo": {"kubeletVersion": "v1.32.0", "osImage": "Ubuntu 24.04", "kernelVersion": "6.8.0", "containerRuntimeVersion": "containerd://1.7.24"}
              }
            }
            """);

        Assert.That(Values(_printer.Cells(node, Now)), Is.EqualTo(new object[]
        {
            "cp-1", "Ready", "control-plane", "2d3h", "v1.32.0", "172.30.0.10", "<none>", "Ubuntu 24.04", "6.8.0", "containerd://1.7.24",
        }));
    }

    [Test]
    public void A_cordoned_node_that_stopped_reporting_ready_is_not_ready_and_scheduling_disabled()
    {
        var node = Parse($$$"""
            {
              "metadata": {"name": "worker-2", "creationTimestamp": "{{{Ago(TimeSpan.FromMinutes(30))}}}"},
              "spec": {"unschedulable": true},
              "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}
            }
            """);

        Assert.That(Values(_printer.Cells(node, Now)), Is.EqualTo(new object[]
        {
            "worker-2", "NotReady,SchedulingDisabled", "<none>", "30m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>",
        }));
    }

    [Test]
    public void A_node_without_a_ready_condition_is_unknown() =>
        Assert.That(Values(_printer.Cells(Parse("""{"metadata": {"name": "n"}, "status": {}}"""), Now))[1], Is.EqualTo("Unknown"));
}
