using ChaosLab.Node.Agent;

namespace ChaosLab.Node.Tests.Agent;

[Category("Unit")]
public sealed class AgentRequestTests
{
    private static AgentRequest Parse(params string[] args) => AgentRequest.Parse(args);

    private static string Rejects(params string[] args) => Assert.Throws<ArgumentException>(() => AgentRequest.Parse(args))!.Message;

    [Test]
    public void A_drop_takes_peers_as_addresses_or_cidrs_and_defaults_to_a_full_two_way_cut()
    {
        var request = Parse("drop", "--id", "f1", "--peers", "172.30.1.2,10.244.1.0/24");

        Assert.That(request.Verb, Is.EqualTo(AgentVerb.Drop));
        Assert.That(request.FaultId, Is.EqualTo("f1"));
        Assert.That(request.Peers, Is.EqualTo(new[] { "172.30.1.2/32", "10.244.1.0/24" }));
        Assert.That(request.Percent, Is.EqualTo(100));
        Assert.That(request.InboundOnly, Is.False);
    }

    [Test]
    public void A_loss_is_a_drop_with_a_percentage_of_inbound_traffic()
    {
        var request = Parse("drop", "--id=f2", "--peers=0.0.0.0/0", "--percent", "20", "--inbound-only");

        Assert.That((request.Percent, request.InboundOnly), Is.EqualTo((20, true)));
        Assert.That(request.Peers, Is.EqualTo(new[] { "0.0.0.0/0" }));
    }

    [Test]
    public void Signals_name_a_known_component_and_a_pause_carries_its_own_resume_deadline()
    {
        var pause = Parse("signal", "--id", "f3", "--component", "kubelet", "--action", "pause", "--resume-after", "15s");
        var kill = Parse("signal", "--id", "f4", "--component", "containerd", "--action", "kill");

        Assert.That((pause.Action, pause.Component, pause.ResumeAfter), Is.EqualTo((SignalAction.Pause, "kubelet", TimeSpan.FromSeconds(15))));
        Assert.That((kill.Action, kill.ResumeAfter), Is.EqualTo((SignalAction.Kill, AgentRequest.DefaultResumeAfter)));
    }

    [Test]
    public void Latency_and_bandwidth_read_durations_and_rates()
    {
        var latency = Parse("latency", "--id", "f5", "--delay", "100ms", "--jitter", "10ms");
        var bandwidth = Parse("bandwidth", "--id", "f6", "--rate", "1mbit", "--burst", "4096", "--dev", "eth0");

        Assert.That((latency.Delay, latency.Jitter, latency.Device), Is.EqualTo((TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10), "auto")));
        Assert.That((bandwidth.Rate, bandwidth.BurstBytes, bandwidth.Device), Is.EqualTo(("1mbit", 4096, "eth0")));
    }

    [Test]
    public void Heal_status_and_ps_need_no_fault_id()
    {
        Assert.That(Parse("heal").FaultId, Is.Null);
        Assert.That(Parse("heal", "--id", "f7").FaultId, Is.EqualTo("f7"));
        Assert.That(Parse("status").Verb, Is.EqualTo(AgentVerb.Status));
        Assert.That(Parse("ps", "--component", "etcd").Component, Is.EqualTo("etcd"));
    }

    [Test]
    public void Bad_command_lines_are_refused_naming_what_is_wrong()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Rejects(), Does.Contain("verb is required"));
            Assert.That(Rejects("explode"), Does.Contain("unknown verb 'explode'"));
            Assert.That(Rejects("drop", "--peers", "10.0.0.1"), Does.Contain("needs --id"));
            Assert.That(Rejects("drop", "--id", "x", "--peers", "not-an-ip"), Does.Contain("'not-an-ip' is not an address"));
            Assert.That(Rejects("drop", "--id", "x", "--peers", "10.0.0.1", "--percent", "0"), Does.Contain("from 1 to 100"));
            Assert.That(Rejects("drop", "--id", "x;rm", "--peers", "10.0.0.1"), Does.Contain("letters, digits"));
            Assert.That(Rejects("signal", "--id", "x", "--component", "sshd", "--action", "kill"), Does.Contain("'sshd' is not known"));
            Assert.That(Rejects("signal", "--id", "x", "--component", "kubelet", "--action", "nap"), Does.Contain("kill, pause or resume"));
            Assert.That(Rejects("signal", "--id", "x", "--component", "kubelet", "--action", "pause", "--resume-after", "3600s"), Does.Contain("at most 30 minutes"));
            Assert.That(Rejects("latency", "--id", "x", "--delay", "10ms", "--jitter", "20ms"), Does.Contain("at most the delay"));
            Assert.That(Rejects("bandwidth", "--id", "x", "--rate", "fast"), Does.Contain("not a tc rate"));
            Assert.That(Rejects("status", "--peers", "10.0.0.1"), Does.Contain("does not take --peers"));
            Assert.That(Rejects("heal", "--id", "a", "--id", "b"), Does.Contain("given twice"));
            Assert.That(Rejects("heal", "stray"), Does.Contain("unexpected argument 'stray'"));
        });
    }
}
