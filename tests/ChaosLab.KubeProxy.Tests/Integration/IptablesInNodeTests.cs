using ChaosLab.KubeProxy.Iptables;
using ChaosLab.KubeProxy.Rules;
using k8s.Models;
using static ChaosLab.KubeProxy.Tests.Support.Objects;

namespace ChaosLab.KubeProxy.Tests.Integration;

/// <summary>
/// Rules generated for a fake service 10.96.100.100:80 → the three backends, applied in worker-1 with
/// iptables-restore --noflush (through the real applier), judged by traffic sent from the node itself.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class IptablesInNodeTests
{
    private const string ClusterIp = "10.96.100.100";
    private const string ClusterCidr = "10.244.0.0/16";

    private static readonly V1Service Service = EchoService(ClusterIp);

    private static ProxyRulesApplier Applier => new(IntegrationSetup.Iptables);

    [OneTimeTearDown]
    public async Task RemoveRules() => await Applier.CleanupAsync();

    [Test, Order(1)]
    public async Task Sixty_requests_to_the_cluster_ip_all_succeed_and_reach_every_backend()
    {
        var rules = await Applier.ApplyAsync([Service], [SliceOf(Backends.Names)], IntegrationSetup.Worker, ClusterCidr);
        await TestContext.Progress.WriteLineAsync(rules.Text);

        var answers = await ClusterIpClient.AskAsync(IntegrationSetup.Node, ClusterIp, 80, 60);

        Assert.That(answers, Has.Count.EqualTo(60));
        Assert.That(answers, Has.All.Matches<string>(Backends.Names.Contains), string.Join(",", answers));
        // Each backend has probability 1/3 per request: missing one in 60 happens about once in 10^10 runs.
        Assert.That(answers.Distinct(), Is.EquivalentTo(Backends.Names), Histogram(answers));
        await TestContext.Progress.WriteLineAsync($"spread: {Histogram(answers)}");
    }

    [Test, Order(2)]
    public async Task The_built_in_chains_jump_into_ours_and_docker_dns_rules_survive()
    {
        var nat = await IntegrationSetup.Iptables.SaveAsync("nat");

        foreach (var jump in JumpRules.All)
        {
            var check = await IntegrationSetup.Node.TryAsync("iptables " + string.Join(' ', jump.CheckArguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)));
            Assert.That(check.ExitCode, Is.Zero, $"missing jump {jump.EnsureShellCommand}: {check.Stderr}");
        }
        Assert.That(nat, Does.Contain(ChainNames.Service("kp-test/echo:http", "tcp")));
        Assert.That(nat, Does.Contain("DOCKER_OUTPUT"), "Docker's embedded DNS rules must never be flushed");
    }

    [Test, Order(3)]
    public async Task A_removed_endpoint_no_longer_answers_and_its_chain_is_deleted()
    {
        var kept = Backends.Names.Where(n => n != "kpt2").ToList();
        var removedChain = ChainNames.Endpoint("kp-test/echo:http", "tcp", $"{Backends.Address("kpt2")}:{Backends.Port}");
        Assert.That(await IntegrationSetup.Iptables.SaveAsync("nat"), Does.Contain(removedChain));

        var rules = await Applier.ApplyAsync([Service], [SliceOf(kept)], IntegrationSetup.Worker, ClusterCidr);
        var answers = await ClusterIpClient.AskAsync(IntegrationSetup.Node, ClusterIp, 80, 30);

        Assert.That(rules.DeletedChains, Does.Contain(removedChain));
        Assert.That(await IntegrationSetup.Iptables.SaveAsync("nat"), Does.Not.Contain(removedChain));
        Assert.That(answers, Has.Count.EqualTo(30));
        Assert.That(answers, Has.All.Matches<string>(kept.Contains), Histogram(answers));
        Assert.That(answers.Distinct(), Is.EquivalentTo(kept), Histogram(answers));
    }

    [Test, Order(4)]
    public async Task Without_ready_endpoints_connections_are_refused_at_once()
    {
        var notReady = Slice("kp-test", "echo", [SlicePort("http", Backends.Port)], Endpoint(Backends.Address("kpt1"), ready: false));
        await Applier.ApplyAsync([Service], [notReady], IntegrationSetup.Worker, ClusterCidr);

        var started = DateTime.UtcNow;
        var answers = await ClusterIpClient.AskAsync(IntegrationSetup.Node, ClusterIp, 80, 3);

        // curl exit code 7: could not connect (the filter table REJECTs with an ICMP port unreachable).
        Assert.That(answers, Has.All.EqualTo("FAIL(7)"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(3)), "a REJECT answers at once; a DROP would time out");
    }

    [Test, Order(5)]
    public async Task Cleanup_leaves_no_kube_chain_or_jump_behind()
    {
        await Applier.ApplyAsync([Service], [SliceOf(Backends.Names)], IntegrationSetup.Worker, ClusterCidr);

        await Applier.CleanupAsync();

        var nat = await IntegrationSetup.Iptables.SaveAsync("nat");
        var filter = await IntegrationSetup.Iptables.SaveAsync("filter");
        Assert.That(nat + filter, Does.Not.Contain("KUBE-"));
        Assert.That(nat, Does.Contain("DOCKER_OUTPUT"));
    }

    private static V1Service EchoService(string clusterIp) => Service("kp-test", "echo", clusterIp, Port("http", 80));

    private static V1EndpointSlice SliceOf(IEnumerable<string> backends) =>
        Slice("kp-test", "echo", [SlicePort("http", Backends.Port)], [.. backends.Select(b => Endpoint(Backends.Address(b)))]);

    private static string Histogram(IEnumerable<string> answers) =>
        string.Join(", ", answers.GroupBy(a => a).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"));
}
