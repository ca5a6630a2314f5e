using ChaosLab.Kubelet.Probes;

namespace ChaosLab.Kubelet.Pods;

/// <summary>What the kubelet remembers about one pod between syncs: restart back-off and probe results per container (restart counts are the runtime's container attempts).</summary>
public sealed class PodState
{
    public Dictionary<string, TimeSpan> Backoff { get; } = [];

    public Dictionary<string, DateTime> NextStart { get; } = [];

    public Dictionary<string, ProbeState> Readiness { get; } = [];

    public Dictionary<string, ProbeState> Liveness { get; } = [];

    public Dictionary<string, (string Status, DateTime Since)> Conditions { get; } = [];

    public string? LastPostedStatus { get; set; }

    /// <summary>After a failed sandbox: how long the last wait was, and when the next try may come.</summary>
    public TimeSpan? SandboxBackoff { get; set; }

    public DateTime? NextSandboxAttempt { get; set; }

    public DateTime? StartTime { get; set; }

    /// <summary>When the pod needs a sync even if nothing changes in the API or the runtime (see <see cref="PodSyncer.IsDue"/>).</summary>
    public DateTime NextSyncAt { get; set; } = DateTime.MinValue;
}
