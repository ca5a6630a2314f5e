using ChaosLab.KubeProxy.Iptables;
using ChaosLab.KubeProxy.Rules;
using ChaosLab.KubeProxy.Tests.Support;
using static ChaosLab.KubeProxy.Tests.Support.Objects;

namespace ChaosLab.KubeProxy.Tests.Iptables;

[Category("Unit")]
public sealed class ProxyRulesApplierTests
{
    [Test]
    public async Task A_sync_reads_the_nat_table_adds_missing_chains_and_jumps_then_restores_without_flushing()
    {
        var runner = new FakeRunner { Save = "*nat\n:OUTPUT ACCEPT [0:0]\n:KUBE-SVC-GONEGONEGONEGONE - [0:0]\nCOMMIT\n" };
        var applier = new ProxyRulesApplier(new IptablesClient(runner));

        var rules = await applier.ApplyAsync([Service("ns1", "svc1", "10.20.30.41", Port("p80", 80))], [], "node-1", null);

        Assert.That(runner.Calls[0].Command, Is.EqualTo("iptables-save -t nat"));
        Assert.That(runner.Calls[1].Command, Does.StartWith("iptables -w 5 -t filter -C INPUT"));
        Assert.That(runner.Calls[2].Command, Is.EqualTo("iptables -w 5 -t filter -N KUBE-EXTERNAL-SERVICES"));
        Assert.That(runner.Calls.Count(c => c.Command.Contains(" -I ", StringComparison.Ordinal)), Is.EqualTo(JumpRules.All.Count));
        // The restore comes last: once its rules are visible, the jumps into them are already in place.
        Assert.That(runner.Calls[^1].Command, Is.EqualTo("iptables-restore -w 5 --noflush"));
        Assert.That(runner.Calls[^1].Stdin, Is.EqualTo(rules.Text));
        Assert.That(rules.DeletedChains, Is.EqualTo(new[] { "KUBE-SVC-GONEGONEGONEGONE" }));

        runner.Calls.Clear();
        await applier.ApplyAsync([], [], "node-1", null);
        Assert.That(runner.Calls.Where(c => c.Command.Contains(" -I ", StringComparison.Ordinal) || c.Command.Contains(" -N ", StringComparison.Ordinal)),
            Is.Empty, "jumps already present are not added again");
    }

    [Test]
    public void A_failed_restore_names_the_command_exit_code_and_stderr()
    {
        var runner = new FakeRunner { RestoreExitCode = 2 };
        var applier = new ProxyRulesApplier(new IptablesClient(runner));

        Assert.That(async () => await applier.ApplyAsync([], [], "node-1", null), Throws.InstanceOf<IptablesException>().With.Message.EqualTo(
            "applying proxy rules with iptables-restore: `iptables-restore -w 5 --noflush` exited with 2: iptables-restore: line 7 failed"));
    }

    [Test]
    public void A_chain_that_cannot_be_created_names_the_table_and_chain()
    {
        var runner = new FakeRunner { CreateChainStderr = "iptables: Permission denied." };
        var applier = new ProxyRulesApplier(new IptablesClient(runner));

        Assert.That(async () => await applier.ApplyAsync([], [], "node-1", null), Throws.InstanceOf<IptablesException>().With.Message.StartsWith(
            "creating the chain filter/KUBE-EXTERNAL-SERVICES: `iptables -w 5 -t filter -N KUBE-EXTERNAL-SERVICES` exited with 1: iptables: Permission denied."));
    }

    [Test]
    public async Task Cleanup_removes_every_jump_then_flushes_and_deletes_only_our_chains()
    {
        var runner = new FakeRunner
        {
            Save = "*filter\n:INPUT ACCEPT [0:0]\n:KUBE-FORWARD - [0:0]\n:KUBE-SERVICES - [0:0]\nCOMMIT\n*nat\n:DOCKER_OUTPUT - [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-SEP-AAAAAAAAAAAAAAAA - [0:0]\n:KUBE-SOMETHING-ELSE - [0:0]\nCOMMIT\n",
        };
        var applier = new ProxyRulesApplier(new IptablesClient(runner));
        await applier.ApplyAsync([], [], "node-1", null);
        runner.Calls.Clear();

        await applier.CleanupAsync();

        Assert.That(runner.Present, Is.Empty, "every jump removed");
        var restore = runner.Calls.Single(c => c.Command.StartsWith("iptables-restore", StringComparison.Ordinal)).Stdin;
        Assert.That(restore, Is.EqualTo(
            "*filter\n:KUBE-FORWARD - [0:0]\n:KUBE-SERVICES - [0:0]\n-X KUBE-FORWARD\n-X KUBE-SERVICES\nCOMMIT\n" +
            "*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-SEP-AAAAAAAAAAAAAAAA - [0:0]\n-X KUBE-SERVICES\n-X KUBE-SEP-AAAAAAAAAAAAAAAA\nCOMMIT\n"));
    }

    [Test]
    public void Bridge_sysctl_is_skipped_quietly_when_br_netfilter_is_absent() =>
        Assert.That(BridgeSysctl.TryEnable("/nonexistent/bridge-nf-call-iptables"), Does.Contain("does not exist"));
}
