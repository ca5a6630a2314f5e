using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Docker;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>
/// A token-bucket (tbf) qdisc at the root of a node's interface. The handle "cafe:" marks it as
/// ours, so heal and the sweeper remove only what the chaos engine added.
/// </summary>
public static class TrafficShaper
{
    public const string Handle = "cafe:";
    public const string Interface = "eth0";

    public static async Task AddAsync(IContainerEngine engine, ChaosNode node, string rate, string burst, CancellationToken ct)
    {
        var existing = await ShowAsync(await Netns.PidAsync(engine, node, ct), ct);
        if (existing.Contains(Handle, StringComparison.Ordinal))
        {
            throw new ChaosException($"{node.Name} already has a chaos bandwidth limit ({existing.Trim()}); heal it first");
        }
        await Netns.RunAsync(engine, node, ["tc", "qdisc", "add", "dev", Interface, "root", "handle", Handle, "tbf", "rate", rate, "burst", burst, "latency", "400ms"], ct);
    }

    public static async Task<string> ShowAsync(int pid, CancellationToken ct) =>
        (await Netns.RunAsync(pid, ["tc", "qdisc", "show", "dev", Interface], ct, check: false)).StandardOutput;

    /// <summary>True when our qdisc was there and is now gone.</summary>
    public static async Task<bool> RemoveAsync(int pid, CancellationToken ct)
    {
        if (!(await ShowAsync(pid, ct)).Contains(Handle, StringComparison.Ordinal))
        {
            return false;
        }
        await Netns.RunAsync(pid, ["tc", "qdisc", "del", "dev", Interface, "root", "handle", Handle], ct);
        return true;
    }
}
