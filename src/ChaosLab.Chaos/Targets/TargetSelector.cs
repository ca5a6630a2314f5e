using System.Globalization;
using k8s;

namespace ChaosLab.Chaos.Targets;

/// <summary>
/// Which nodes a fault acts on, by meaning, resolved only at injection time:
/// <list type="bullet">
/// <item><c>worker-1</c>: a node (or container) by name</item>
/// <item><c>role:worker</c>: every node of a role; <c>random:worker</c>: one of them at random</item>
/// <item><c>pod:NAMESPACE/NAME</c> (or <c>pod:NAME</c> in default): the node running that pod</item>
/// <item><c>lease:kube-scheduler</c>: the node whose instance holds that Lease in kube-system</item>
/// <item><c>etcd:leader</c>, <c>etcd:follower</c>, <c>etcd:minority</c>, <c>etcd:majority</c>, <c>etcd:all</c></item>
/// <item><c>all</c>; and a group: several selectors joined by commas (<c>cp-1,cp-2</c>)</item>
/// </list>
/// </summary>
public sealed record TargetSelector(string Text)
{
    private static readonly string[] Roles = ["control-plane", "worker", "etcd", "lb", ChaosNode.ExternalRole];
    private static readonly string[] EtcdTargets = ["leader", "follower", "minority", "majority", "all"];

    public static TargetSelector Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FaultOptionsException("a target is empty; name a node, role:ROLE, random:ROLE, pod:NS/NAME, lease:NAME or etcd:leader|follower|minority|majority");
        }
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            ValidatePart(part);
        }
        return new TargetSelector(text.Trim());
    }

    public override string ToString() => Text;

    private static void ValidatePart(string part)
    {
        var (kind, value) = Split(part);
        switch (kind)
        {
            case null when part.Length > 0:
                return;
            case "role" or "random" when Roles.Contains(value):
                return;
            case "role" or "random":
                throw new FaultOptionsException($"target '{part}': unknown role '{value}'; roles: {string.Join(", ", Roles)}");
            case "pod" or "lease" when value.Length > 0:
                return;
            case "etcd" when EtcdTargets.Contains(value):
                return;
            case "etcd":
                throw new FaultOptionsException($"target '{part}': etcd targets are {string.Join(", ", EtcdTargets.Select(t => "etcd:" + t))}");
            default:
                throw new FaultOptionsException($"target '{part}' is not understood; use a node name, role:ROLE, random:ROLE, pod:NS/NAME, lease:NAME or etcd:TARGET");
        }
    }

    private static (string? Kind, string Value) Split(string part)
    {
        var colon = part.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (null, part) : (part[..colon], part[(colon + 1)..]);
    }

    /// <summary>The nodes this selector names right now; never empty.</summary>
    public async Task<IReadOnlyList<ChaosNode>> ResolveAsync(ChaosEnvironment env, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        var nodes = new List<ChaosNode>();
        foreach (var part in Text.Split(',', StringSplitOptions.TrimEntries))
        {
            foreach (var node in await ResolvePartAsync(env, part, ct))
            {
                if (!nodes.Contains(node))
                {
                    nodes.Add(node);
                }
            }
        }
        return nodes.Count > 0 ? nodes : throw new FaultOptionsException($"target '{Text}' names no node");
    }

    private static async Task<IReadOnlyList<ChaosNode>> ResolvePartAsync(ChaosEnvironment env, string part, CancellationToken ct)
    {
        var (kind, value) = Split(part);
        switch (kind)
        {
            case null when part == "all":
                return env.Nodes;
            case null:
                return [env.Node(part)];
            case "role":
                return OfRole(env, value, part);
            case "random":
                var candidates = OfRole(env, value, part);
                return [candidates[Random.Shared.Next(candidates.Count)]];
            case "pod":
                return [await NodeOfPodAsync(env, value, ct)];
            case "lease":
                return [await NodeHoldingLeaseAsync(env, value, ct)];
            case "etcd":
                return await EtcdMembersAsync(env, value, ct);
            default:
                throw new FaultOptionsException($"target '{part}' is not understood");
        }
    }

    private static List<ChaosNode> OfRole(ChaosEnvironment env, string role, string part)
    {
        var nodes = env.Nodes.Where(n => n.Role == role).ToList();
        return nodes.Count > 0 ? nodes : throw new FaultOptionsException($"target '{part}': no node has role {role}");
    }

    private static async Task<ChaosNode> NodeOfPodAsync(ChaosEnvironment env, string value, CancellationToken ct)
    {
        var api = env.Api ?? throw new FaultOptionsException("target pod:... needs the Kubernetes API; none was given");
        var (ns, name) = value.Contains('/', StringComparison.Ordinal) ? (value[..value.IndexOf('/', StringComparison.Ordinal)], value[(value.IndexOf('/', StringComparison.Ordinal) + 1)..]) : ("default", value);
        var pod = await api.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct);
        var nodeName = pod.Spec?.NodeName;
        return string.IsNullOrEmpty(nodeName)
            ? throw new FaultOptionsException($"pod {ns}/{name} is not scheduled to a node yet")
            : env.Node(nodeName);
    }

    private static async Task<ChaosNode> NodeHoldingLeaseAsync(ChaosEnvironment env, string lease, CancellationToken ct)
    {
        var api = env.Api ?? throw new FaultOptionsException("target lease:... needs the Kubernetes API; none was given");
        var holder = (await api.CoordinationV1.ReadNamespacedLeaseAsync(lease, "kube-system", cancellationToken: ct)).Spec?.HolderIdentity;
        if (string.IsNullOrEmpty(holder))
        {
            throw new FaultOptionsException($"nobody holds Lease kube-system/{lease} right now");
        }
        // Holder identities are "<hostname>_<uuid>" as client-go writes them.
        var host = holder.Split('_')[0];
        return env.Node(host);
    }

    private static readonly TimeSpan LeaderLookup = TimeSpan.FromSeconds(5);

    private static async Task<IReadOnlyList<ChaosNode>> EtcdMembersAsync(ChaosEnvironment env, string which, CancellationToken ct)
    {
        var members = env.EtcdMembers();
        var labMembers = env.RequireLab("etcd targets").EtcdMembers();
        var statuses = await env.Etcd!.StatusAsync(labMembers, ct);
        if (which != "all" && !statuses.Any(s => s.IsLeader))
        {
            // Under load the leader can miss one status read (its 3 s probe) while it leads a healthy cluster:
            // ask again for a few seconds before saying there is no leader.
            try
            {
                await Lab.Lifecycle.Waiter.UntilAsync("etcd to report its leader", LeaderLookup, async token =>
                {
                    statuses = await env.Etcd.StatusAsync(labMembers, token);
                    return (statuses.Any(s => s.IsLeader), Describe(statuses));
                }, TimeSpan.FromMilliseconds(250), ct);
            }
            catch (Lab.LabException)
            {
                // Reported below with the last statuses seen.
            }
        }
        var leaderName = statuses.FirstOrDefault(s => s.IsLeader)?.Node;
        var leader = members.FirstOrDefault(m => m.Name == leaderName);
        var followers = members.Where(m => m.Name != leaderName).OrderBy(_ => Random.Shared.Next()).ToList();
        var majority = members.Count / 2 + 1;
        var minority = (members.Count - 1) / 2;
        return which switch
        {
            "all" => members,
            "leader" => leader is null ? throw new FaultOptionsException($"etcd reported no leader for {LeaderLookup.TotalSeconds:0} s ({Describe(statuses)})") : [leader],
            "follower" => followers.Count > 0 && leader is not null ? [followers[0]] : throw new FaultOptionsException($"etcd has no follower to pick ({Describe(statuses)})"),
            // A minority never includes the leader, so it never costs an election on its own.
            "minority" => minority > 0 ? followers.Take(minority).ToList() : throw new FaultOptionsException($"etcd with {members.Count} member(s) has no minority that keeps quorum"),
            "majority" => followers.Take(majority).Concat(leader is null ? [] : [leader]).Take(majority).ToList(),
            _ => throw new FaultOptionsException($"unknown etcd target '{which}'"),
        };
    }

    private static string Describe(IEnumerable<Lab.Etcd.EtcdMemberStatus> statuses) =>
        string.Join("; ", statuses.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Node}: {(s.Healthy ? "healthy" : "unhealthy")}{(s.IsLeader ? ", leader" : "")}")));
}
