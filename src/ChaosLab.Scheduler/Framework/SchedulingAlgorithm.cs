using ChaosLab.Scheduler.Framework.Plugins;

namespace ChaosLab.Scheduler.Framework;

/// <summary>
/// Upstream's schedulePod: filter the nodes, score the feasible ones, pick the best (ties at random).
/// Pure: it reads the node infos it is given and changes nothing. One instance belongs to one
/// scheduling loop (the round-robin start index and the random source are not thread-safe).
/// </summary>
public sealed class SchedulingAlgorithm
{
    // Upstream's adaptive percentageOfNodesToScore: in big clusters, stop filtering once this many
    // feasible nodes are found; below 100 nodes every node is evaluated.
    private const int MinFeasibleNodesToFind = 100;
    private const int MinFeasibleNodesPercentageToFind = 5;

    private readonly IReadOnlyList<IFilterPlugin> _filters;
    private readonly IReadOnlyList<IScorePlugin> _scorers;
    private readonly Random _random;
    private int _nextStartNodeIndex;

    public SchedulingAlgorithm(IReadOnlyList<IFilterPlugin> filters, IReadOnlyList<IScorePlugin> scorers, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(scorers);
        _filters = filters;
        _scorers = scorers;
        _random = random ?? Random.Shared;
    }

    /// <summary>The default profile: <see cref="DefaultPlugins"/>; <paramref name="claims"/> looks up PersistentVolumeClaims by namespace and name.</summary>
    public static SchedulingAlgorithm CreateDefault(Random? random = null, Func<string, string, k8s.Models.V1PersistentVolumeClaim?>? claims = null) =>
        new(DefaultPlugins.Filters(claims), DefaultPlugins.Scorers(), random);

    public ScheduleResult Schedule(PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            return ScheduleResult.Unschedulable(new FitError(0, new Dictionary<string, FilterStatus>()));
        }
        var (feasible, rejected, evaluated) = FindFeasibleNodes(pod, nodes);
        if (feasible.Count == 0)
        {
            return ScheduleResult.Unschedulable(new FitError(nodes.Count, rejected));
        }
        // One feasible node needs no scoring (upstream skips it too).
        var chosen = feasible.Count == 1 ? feasible[0] : SelectHost(feasible, ScoreNodes(pod, feasible));
        return ScheduleResult.Scheduled(chosen.Name, evaluated, feasible.Count);
    }

    private (List<NodeInfo> Feasible, Dictionary<string, FilterStatus> Rejected, int Evaluated) FindFeasibleNodes(PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var wanted = NumFeasibleNodesToFind(nodes.Count);
        var feasible = new List<NodeInfo>(Math.Min(wanted, nodes.Count));
        var rejected = new Dictionary<string, FilterStatus>(StringComparer.Ordinal);
        var start = _nextStartNodeIndex % nodes.Count;
        var evaluated = 0;
        while (evaluated < nodes.Count && feasible.Count < wanted)
        {
            var node = nodes[(start + evaluated) % nodes.Count];
            evaluated++;
            var status = RunFilters(pod, node);
            if (status.IsSuccess)
            {
                feasible.Add(node);
            }
            else
            {
                rejected[node.Name] = status;
            }
        }
        // Start the next pod where this one stopped, so every node gets its turn in big clusters.
        _nextStartNodeIndex = (start + evaluated) % nodes.Count;
        return (feasible, rejected, evaluated);
    }

    private FilterStatus RunFilters(PodInfo pod, NodeInfo node)
    {
        foreach (var filter in _filters)
        {
            var status = filter.Filter(pod, node);
            if (!status.IsSuccess)
            {
                return status;
            }
        }
        return FilterStatus.Success;
    }

    private long[] ScoreNodes(PodInfo pod, List<NodeInfo> feasible)
    {
        var totals = new long[feasible.Count];
        var scores = new long[feasible.Count];
        foreach (var scorer in _scorers)
        {
            for (var i = 0; i < feasible.Count; i++)
            {
                scores[i] = scorer.Score(pod, feasible[i]);
            }
            scorer.NormalizeScores(pod, scores);
            for (var i = 0; i < feasible.Count; i++)
            {
                totals[i] += scores[i] * scorer.Weight;
            }
        }
        return totals;
    }

    /// <summary>The highest total; among equals each is equally likely (reservoir sampling, as upstream's selectHost).</summary>
    private NodeInfo SelectHost(List<NodeInfo> feasible, long[] totals)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < feasible.Count; i++)
        {
            if (totals[i] > totals[best])
            {
                best = i;
                ties = 1;
            }
            else if (totals[i] == totals[best] && _random.Next(++ties) == 0)
            {
                best = i;
            }
        }
        return feasible[best];
    }

    internal static int NumFeasibleNodesToFind(int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind)
        {
            return numAllNodes;
        }
        var percentage = Math.Max(MinFeasibleNodesPercentageToFind, 50 - numAllNodes / 125);
        return Math.Max(MinFeasibleNodesToFind, numAllNodes * percentage / 100);
    }
}
