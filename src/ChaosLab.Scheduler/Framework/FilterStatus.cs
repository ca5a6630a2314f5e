namespace ChaosLab.Scheduler.Framework;

/// <summary>
/// What a filter plugin says about one node: success, or the reasons the pod does not fit, worded
/// as upstream's so that FailedScheduling events read the same as a real cluster's.
/// </summary>
public sealed class FilterStatus
{
    private FilterStatus(string plugin, IReadOnlyList<string> reasons)
    {
        Plugin = plugin;
        Reasons = reasons;
    }

    public static FilterStatus Success { get; } = new("", []);

    /// <summary>The plugin that rejected the node; empty on success.</summary>
    public string Plugin { get; }

    public IReadOnlyList<string> Reasons { get; }

    public bool IsSuccess => Reasons.Count == 0;

    public static FilterStatus Unschedulable(string plugin, params IReadOnlyList<string> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        if (reasons.Count == 0)
        {
            throw new ArgumentException("an unschedulable status needs at least one reason", nameof(reasons));
        }
        return new FilterStatus(plugin, reasons);
    }

    public override string ToString() => IsSuccess ? "Success" : $"{Plugin}: {string.Join(", ", Reasons)}";
}
