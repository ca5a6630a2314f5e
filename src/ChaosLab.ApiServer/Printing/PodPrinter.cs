using System.Globalization;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get pods: Ready "1/2", a Status that names the reason a container is stuck, Restarts "2 (5m ago)".</summary>
public sealed class PodPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumn.Age,
        new("IP", "string", "The IP address allocated to the pod.", 1),
        new("Node", "string", "The node the pod is scheduled onto.", 1),
        new("Nominated Node", "string", "The node the scheduler nominated for this pod while preempting others.", 1),
        new("Readiness Gates", "string", "The readiness gates of the pod that are true, out of all of them.", 1),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj.At("spec");
        var status = obj.At("status");
        var state = new PodState(status.Str("reason") is { Length: > 0 } r ? r : status.Str("phase"));
        if (status.Objects("conditions").Any(c => c.Str("type") == "PodScheduled" && c.Str("reason") == "SchedulingGated"))
        {
            state.Reason = "SchedulingGated";
        }

        var sidecars = spec.Objects("initContainers").Where(c => c.Str("restartPolicy") == "Always").Select(c => c.Str("name")).ToHashSet();
        var total = spec.Objects("containers").Count + sidecars.Count;
        var initializing = ReadInitContainers(spec, status, sidecars, state);
        if (!initializing || status.Objects("conditions").Any(c => c.Str("type") == "Initialized" && c.Str("status") == "True"))
        {
            // Once init is done only sidecar restarts count; plain init containers that ran to completion do not.
            state.Restarts = state.SidecarRestarts;
            state.LastRestart = state.SidecarLastRestart;
            ReadContainers(status, state);
        }

        var phase = status.Str("phase");
        if (obj.Has("metadata", "deletionTimestamp"))
        {
            if (status.Str("reason") == "NodeLost")
            {
                state.Reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                state.Reason = "Terminating";
            }
        }

        var restarts = state.Restarts.ToString(CultureInfo.InvariantCulture);
        if (state.Restarts != 0 && state.LastRestart is { } last)
        {
            restarts += $" ({HumanDuration.Since(last, now)} ago)";
        }

        var podIp = status.Objects("podIPs").Select(ip => ip.Str("ip")).FirstOrDefault() ?? status.Str("podIP");
        return new JsonArray(
            obj.Name(), $"{state.Ready}/{total}", state.Reason, restarts, obj.Age(now),
            podIp.OrNone(), spec.Str("nodeName").OrNone(), status.Str("nominatedNodeName").OrNone(), ReadinessGates(spec, status));
    }

    /// <summary>Walks init containers in order; returns true when one of them still holds the pod in initialization.</summary>
    private static bool ReadInitContainers(JsonNode? spec, JsonNode? status, HashSet<string> sidecars, PodState state)
    {
        var statuses = status.Objects("initContainerStatuses");
        var initCount = spec.Objects("initContainers").Count;
        for (var i = 0; i < statuses.Count; i++)
        {
            var c = statuses[i];
            var finished = c.Time("lastState", "terminated", "finishedAt");
            state.Restarts += c.Long("restartCount");
            state.LastRestart = Later(state.LastRestart, finished);
            var isSidecar = sidecars.Contains(c.Str("name"));
            if (isSidecar)
            {
                state.SidecarRestarts += c.Long("restartCount");
                state.SidecarLastRestart = Later(state.SidecarLastRestart, finished);
            }

            var terminated = c.At("state", "terminated") as JsonObject;
            var waitingReason = c.Str("state", "waiting", "reason");
            if (terminated is not null && terminated.Long("exitCode") == 0)
            {
                continue;
            }

            if (isSidecar && c.Bool("started"))
            {
                state.Ready += c.Bool("ready") ? 1 : 0;
                continue;
            }

            state.Reason = terminated is not null ? "Init:" + TerminatedReason(terminated)
                : waitingReason.Length > 0 && waitingReason != "PodInitializing" ? "Init:" + waitingReason
                : string.Create(CultureInfo.InvariantCulture, $"Init:{i}/{initCount}");
            return true;
        }

        return false;
    }

    private static void ReadContainers(JsonNode? status, PodState state)
    {
        var hasRunning = false;
        var statuses = status.Objects("containerStatuses");
        for (var i = statuses.Count - 1; i >= 0; i--)
        {
            var c = statuses[i];
            state.Restarts += c.Long("restartCount");
            state.LastRestart = Later(state.LastRestart, c.Time("lastState", "terminated", "finishedAt"));
            var terminated = c.At("state", "terminated") as JsonObject;
            if (c.Str("state", "waiting", "reason") is { Length: > 0 } waiting)
            {
                state.Reason = waiting;
            }
            else if (terminated is not null)
            {
                state.Reason = TerminatedReason(terminated);
            }
            else if (c.Bool("ready") && c.Has("state", "running"))
            {
                hasRunning = true;
                state.Ready++;
            }
        }

        if (state.Reason == "Completed" && hasRunning)
        {
            state.Reason = status.Objects("conditions").Any(c => c.Str("type") == "Ready" && c.Str("status") == "True") ? "Running" : "NotReady";
        }
    }

    private static string TerminatedReason(JsonObject terminated) =>
        terminated.Str("reason") is { Length: > 0 } reason ? reason
        : terminated.Long("signal") != 0 ? string.Create(CultureInfo.InvariantCulture, $"Signal:{terminated.Long("signal")}")
        : string.Create(CultureInfo.InvariantCulture, $"ExitCode:{terminated.Long("exitCode")}");

    private static string ReadinessGates(JsonNode? spec, JsonNode? status)
    {
        var gates = spec.Objects("readinessGates");
        if (gates.Count == 0)
        {
            return "<none>";
        }

        var conditions = status.Objects("conditions");
        var passing = gates.Count(g => conditions.FirstOrDefault(c => c.Str("type") == g.Str("conditionType"))?.Str("status") == "True");
        return $"{passing}/{gates.Count}";
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null || b > a ? b ?? a : a;

    private sealed class PodState(string reason)
    {
        public string Reason { get; set; } = reason;

        public int Ready { get; set; }

        public long Restarts { get; set; }

        public DateTimeOffset? LastRestart { get; set; }

        public long SidecarRestarts { get; set; }

        public DateTimeOffset? SidecarLastRestart { get; set; }
    }
}
