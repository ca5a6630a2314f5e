using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Docker;
using ChaosLab.NodeApi;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>Whether a node is back: its container runs and, in the bundled lab, every component is healthy.</summary>
public static class NodeHealth
{
    public static async Task<Check> CheckAsync(ChaosEnvironment env, ChaosNode node, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(node);
        var info = await env.Engine.InspectAsync(node.Container, ct);
        if (info?.State != ContainerState.Running)
        {
            return Check.Fail($"{node.Name}: container is {info?.State.ToString() ?? "gone"}");
        }
        if (env.Lab is null)
        {
            return Check.Pass($"{node.Name}: container running");
        }
        try
        {
            var components = await env.Supervisor!.ComponentsAsync(env.LabNode(node), ct);
            var notReady = components.Where(c => c.State != ComponentState.Running || !c.Healthy).ToList();
            return notReady.Count == 0
                ? Check.Pass($"{node.Name}: running, components healthy: {string.Join(", ", components.Select(c => c.Name))}")
                : Check.Fail($"{node.Name}: not yet healthy: {string.Join(", ", notReady.Select(c => $"{c.Name} {c.State}{(c.Healthy ? "" : " unhealthy")}"))}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return Check.Fail($"{node.Name}: supervisor does not answer yet ({ex.Message})");
        }
    }

    /// <summary>True when the node's supervisor answers within its timeout (a frozen or stopped node does not).</summary>
    public static async Task<bool> SupervisorAnswersAsync(ChaosEnvironment env, ChaosNode node, CancellationToken ct)
    {
        try
        {
            await env.Supervisor!.ComponentsAsync(env.LabNode(node), ct);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
