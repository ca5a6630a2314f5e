using ChaosLab.ControllerManager.ServiceAccounts;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.ServiceAccounts;

[Category("Unit")]
public class NamespaceServiceAccountsTests
{
    [Test]
    public void An_active_namespace_without_one_gets_a_default_ServiceAccount()
    {
        var missing = NamespaceServiceAccounts.Missing(Namespace("team-a"), _ => false).Single();

        Assert.That((missing.Metadata.Name, missing.Metadata.NamespaceProperty), Is.EqualTo(("default", "team-a")));
    }

    [Test]
    public void An_existing_default_ServiceAccount_is_enough()
    {
        Assert.That(NamespaceServiceAccounts.Missing(Namespace("team-a"), name => name == "default"), Is.Empty);
    }

    [TestCase("Terminating", false)]
    [TestCase("Active", true)]
    [TestCase(null, false)]
    public void Namespaces_not_active_or_being_deleted_get_none(string? phase, bool deleting)
    {
        var ns = Namespace("team-a", phase);
        if (deleting)
        {
            ns.Metadata.DeletionTimestamp = TestObjects.Now.UtcDateTime;
        }

        Assert.That(NamespaceServiceAccounts.Missing(ns, _ => false), Is.Empty);
    }

    internal static V1Namespace Namespace(string name, string? phase = "Active") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = phase is null ? null : new V1NamespaceStatus { Phase = phase },
    };
}
