using System.Globalization;
using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Agent;

/// <summary>Common ground of the faults the agent provider runs: reaching the agents, addresses, pings and heals.</summary>
public abstract class AgentFault : Fault
{
    protected static AgentClient Agents(ChaosEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return env.Agent ?? throw new TargetNotSupportedException(env.ProviderProblem ?? "the fault agent is not deployed on this target");
    }

    /// <summary>Every node of <paramref name="nodes"/> must run an agent.</summary>
    protected static void RequireAgents(ChaosEnvironment env, IEnumerable<ChaosNode> nodes, string what)
    {
        var missing = nodes.Where(n => !Agents(env).RunsOn(n.Name)).Select(n => n.Name).ToList();
        if (missing.Count > 0)
        {
            throw new TargetNotSupportedException($"{what} needs the fault agent on {string.Join(", ", missing)}, where none runs (not a Kubernetes node, or its agent pod is not Ready)");
        }
    }

    /// <summary>What a rule must match to cut a node: its address and the pod CIDRs it routes.</summary>
    protected static IEnumerable<string> AddressesOf(ChaosEnvironment env, ChaosNode node)
    {
        yield return node.Address + "/32";
        if (Agents(env).Pods.TryGetValue(node.Name, out var pod))
        {
            foreach (var cidr in pod.PodCidrs)
            {
                yield return cidr;
            }
        }
    }

    protected static string Peers(ChaosEnvironment env, IEnumerable<ChaosNode> nodes) =>
        string.Join(',', nodes.SelectMany(n => AddressesOf(env, n)).Distinct());

    /// <summary>Pings from inside the agent of <paramref name="from"/> (the node's own network namespace).</summary>
    protected static async Task<PingResult> PingAsync(ChaosEnvironment env, ChaosNode from, ChaosNode to, int count, TimeSpan interval, TimeSpan wait, CancellationToken ct)
    {
        var result = await Agents(env).RunAsync(from.Name, [
            "ping", "-n", "-c", count.ToString(CultureInfo.InvariantCulture),
            "-i", interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-W", Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            to.Address.ToString()], TimeSpan.FromSeconds(30) + interval * count + wait, ct);
        return Ping.Parse(result.Stdout, count);
    }

    protected static async Task<bool> ReachesAsync(ChaosEnvironment env, ChaosNode from, ChaosNode to, CancellationToken ct) =>
        (await PingAsync(env, from, to, 2, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), ct)).Received > 0;

    protected async Task<string> HealOnAsync(ChaosEnvironment env, IEnumerable<ChaosNode> nodes, CancellationToken ct)
    {
        var done = new List<string>();
        foreach (var node in nodes)
        {
            var output = await Agents(env).DoAsync(node.Name, ["heal", "--id", Id], ct: ct);
            done.Add($"{node}: {(output.Length > 0 ? output.Split('\n').Length : 0)} undone");
        }
        return string.Join("; ", done);
    }

    /// <summary>Nothing of this fault is left in the nodes, by the agents' own account.</summary>
    protected async Task<Check> NothingLeftAsync(ChaosEnvironment env, IEnumerable<ChaosNode> nodes, CancellationToken ct)
    {
        var left = new List<string>();
        foreach (var node in nodes)
        {
            var status = await Agents(env).DoAsync(node.Name, ["status"], ct: ct);
            left.AddRange(status.Split('\n').Where(l => l.Contains(Id, StringComparison.Ordinal) || (l.StartsWith("qdisc", StringComparison.Ordinal) && Name == "bandwidth")).Select(l => $"{node}: {l}"));
        }
        return left.Count == 0 ? Check.Pass($"nothing of this fault left in {Names(nodes)}") : Check.Fail(string.Join("; ", left));
    }
}
