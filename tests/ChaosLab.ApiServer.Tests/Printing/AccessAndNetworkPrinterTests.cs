using ChaosLab.ApiServer.Printing;
using static ChaosLab.ApiServer.Tests.Printing.PrintingSamples;

namespace ChaosLab.ApiServer.Tests.Printing;

[Category("Unit")]
public sealed class AccessAndNetworkPrinterTests
{
    [Test]
    public void A_role_binding_names_its_role_and_lists_subjects_by_kind()
    {
        var binding = Parse("""
            {"metadata": {"name": "readers"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
             "subjects": [{"kind": "User", "name": "alice"}, {"kind": "User", "name": "bob"}, {"kind": "Group", "name": "devs"},
                          {"kind": "ServiceAccount", "namespace": "ci", "name": "runner"}]}
            """);
        var printer = new RoleBindingPrinter();

        Assert.That(printer.Columns.Select(c => (c.Name, c.Priority)), Is.EqualTo(new[]
        {
            ("Name", 0), ("Role", 0), ("Age", 0), ("Users", 1), ("Groups", 1), ("ServiceAccounts", 1),
        }));
        Assert.That(Values(printer.Cells(binding, Now)), Is.EqualTo(new object[]
        {
            "readers", "ClusterRole/view", "<unknown>", "alice, bob", "devs", "ci/runner",
        }));
    }

    [Test]
    public void An_ingress_shows_class_hosts_addresses_and_tls_ports()
    {
        var ingress = Parse("""
            {"metadata": {"name": "web"},
             "spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["a.example.com"]}],
                      "rules": [{"host": "a.example.com"}, {}, {"host": "b.example.com"}, {"host": "c.example.com"}]},
             "status": {"loadBalancer": {"ingress": [{"ip": "172.18.0.5"}, {"hostname": "lb.example.com"}]}}}
            """);
        var printer = new IngressPrinter();

        Assert.That(printer.Columns.Select(c => c.Name), Is.EqualTo(new[] { "Name", "Class", "Hosts", "Address", "Ports", "Age" }));
        Assert.That(Values(printer.Cells(ingress, Now)), Is.EqualTo(new object[]
        {
            "web", "nginx", "a.example.com,*,b.example.com + 1 more...", "172.18.0.5,lb.example.com", "80, 443", "<unknown>",
        }));
        Assert.That(Values(printer.Cells(Parse("""{"metadata": {"name": "bare"}, "spec": {"defaultBackend": {}}}"""), Now))[1..5],
            Is.EqualTo(new object[] { "<none>", "*", "", "80" }));
    }

    [Test]
    public void An_ingress_class_writes_its_parameters_as_kind_group_and_name()
    {
        var printer = new IngressClassPrinter();

        Assert.Multiple(() =>
        {
            Assert.That(Values(printer.Cells(Parse("""
                {"metadata": {"name": "nginx"}, "spec": {"controller": "k8s.io/ingress-nginx",
                                                         "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters", "name": "p"}}}
                """), Now)), Is.EqualTo(new object[] { "nginx", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/p", "<unknown>" }));
            Assert.That(Values(printer.Cells(Parse("""{"metadata": {"name": "plain"}, "spec": {"controller": "c"}}"""), Now))[2], Is.EqualTo("<none>"));
        });
    }

    [Test]
    public void A_network_policy_shows_its_pod_selector_or_none_for_all_pods()
    {
        var printer = new NetworkPolicyPrinter();

        Assert.Multiple(() =>
        {
            Assert.That(Values(printer.Cells(Parse("""{"metadata": {"name": "db"}, "spec": {"podSelector": {"matchLabels": {"app": "db"}}}}"""), Now)),
                Is.EqualTo(new object[] { "db", "app=db", "<unknown>" }));
            Assert.That(Values(printer.Cells(Parse("""{"metadata": {"name": "deny"}, "spec": {"podSelector": {}}}"""), Now))[1], Is.EqualTo("<none>"));
        });
    }
}
