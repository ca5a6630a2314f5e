using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// Which container of a pod logs, exec and attach act on, with upstream's 400s: a pod with one container needs no name, one
/// with several does ("choose one of"), a name that is not in the spec is refused. Exec also needs it running.
/// </summary>
public static class ContainerSelection
{
    public static string Resolve(JsonObject pod, string? container)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var podName = (string?)pod["metadata"]?["name"] ?? "";
        var names = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => (string?)c?["name"]).OfType<string>().ToList();
        if (string.IsNullOrEmpty(container))
        {
            return names.Count switch
            {
                1 => names[0],
                0 => throw ApiException.BadRequest($"a container name must be specified for pod {podName}"),
                _ => throw ApiException.BadRequest($"a container name must be specified for pod {podName}, choose one of: [{string.Join(' ', names)}]"),
            };
        }
        return names.Contains(container) ? container : throw ApiException.BadRequest($"container {container} is not valid for pod {podName}");
    }

    /// <summary>The node the pod is bound to; exec and attach refuse a pod without one.</summary>
    public static string? Node(JsonObject pod) => (string?)pod?["spec"]?["nodeName"] is { Length: > 0 } node ? node : null;

    /// <summary>
    /// Refuses exec into (or attach to) a container that the pod's status does not show running, in the kubelet's words
    /// (and kubectl's, for attach to a completed pod).
    /// </summary>
    public static void RequireRunning(JsonObject pod, string container, string action = "exec")
    {
        ArgumentNullException.ThrowIfNull(pod);
        var podName = (string?)pod["metadata"]?["name"] ?? "";
        var phase = (string?)pod["status"]?["phase"];
        if (phase is "Succeeded" or "Failed")
        {
            throw ApiException.BadRequest(action == "attach"
                ? $"cannot attach a container in a completed pod; current phase is {phase}"
                : $"cannot exec into a container in a completed pod; current phase is {phase}");
        }
        var state = (pod["status"]?["containerStatuses"] as JsonArray ?? []).FirstOrDefault(s => (string?)s?["name"] == container)?["state"];
        if (state?["running"] is not null)
        {
            return;
        }
        var waiting = (string?)state?["waiting"]?["reason"];
        var terminated = state?["terminated"];
        throw ApiException.BadRequest(terminated is not null
            ? $"container \"{container}\" in pod \"{podName}\" is terminated: {(string?)terminated["reason"] ?? "Completed"}"
            : $"container \"{container}\" in pod \"{podName}\" is waiting to start: {waiting ?? "ContainerCreating"}");
    }
}
