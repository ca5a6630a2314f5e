using System.Globalization;

namespace ChaosLab.Scheduler.Framework;

/// <summary>
/// Why no node fits a pod: the status of every node that was rejected, summarised like upstream's
/// FitError.Error(), e.g. "0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu."
/// (each reason counted over nodes, "count reason" strings sorted ordinally).
/// </summary>
public sealed class FitError
{
    public const string NoNodesAvailable = "no nodes available to schedule pods";

    public FitError(int numAllNodes, IReadOnlyDictionary<string, FilterStatus> nodeStatuses)
    {
        ArgumentNullException.ThrowIfNull(nodeStatuses);
        NumAllNodes = numAllNodes;
        NodeStatuses = nodeStatuses;
        Message = Summarise(numAllNodes, nodeStatuses);
    }

    public int NumAllNodes { get; }

    /// <summary>Node name → the status of the filter that rejected it.</summary>
    public IReadOnlyDictionary<string, FilterStatus> NodeStatuses { get; }

    public string Message { get; }

    public override string ToString() => Message;

    private static string Summarise(int numAllNodes, IReadOnlyDictionary<string, FilterStatus> nodeStatuses)
    {
        if (numAllNodes == 0)
        {
            return NoNodesAvailable;
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var status in nodeStatuses.Values)
        {
            foreach (var reason in status.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
            }
        }
        var histogram = counts
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value} {kv.Key}"))
            .Order(StringComparer.Ordinal);
        var message = string.Create(CultureInfo.InvariantCulture, $"0/{numAllNodes} nodes are available:");
        return counts.Count == 0 ? message : $"{message} {string.Join(", ", histogram)}.";
    }
}
