using ChaosLab.Lab;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.NodeApi;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// The supervisor's restart count of every component on every node, taken before the fuzzing and compared after:
/// a request that crashed the API server (or anything it fed) shows as a restart even when the server is back.
/// </summary>
public sealed record LabHealth(IReadOnlyDictionary<string, ComponentStatus> Components)
{
    public static async Task<LabHealth> ReadAsync(LabState lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        using var supervisor = new SupervisorClient(LabPaths.For(lab.Name), TimeSpan.FromSeconds(10));
        var components = new Dictionary<string, ComponentStatus>(StringComparer.Ordinal);
        foreach (var node in lab.LabNodes())
        {
            foreach (var component in await supervisor.ComponentsAsync(node))
            {
                components[$"{node.Name}/{component.Name}"] = component;
            }
        }
        return new LabHealth(components);
    }

    /// <summary>What changed for the worse since <paramref name="before"/>: restarts, and components no longer running.</summary>
    public IReadOnlyList<string> WorseThan(LabHealth before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var worse = new List<string>();
        foreach (var (name, was) in before.Components)
        {
            if (!Components.TryGetValue(name, out var now))
            {
                worse.Add($"{name} is gone");
            }
            else if (now.Restarts > was.Restarts || (now.State != was.State && was.State == ComponentState.Running))
            {
                worse.Add($"{name} restarted {now.Restarts - was.Restarts} time(s), now {now.State} (last exit {now.LastExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
            }
        }
        return worse;
    }
}
