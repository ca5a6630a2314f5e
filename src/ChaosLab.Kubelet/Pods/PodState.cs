using ChaosLab.Kubelet.Probes;

namespace ChaosLab.Kubelet.Pods;

/// <summary>What the kubelet remembers about one pod between syncs: restart back-off and probe results per container.</summary>
public sealed class PodState
{
    public Dictionary<string, TimeSpan> Backoff { get; } = [];

    public Dictionary<string, DateTime> NextStart { get; } = [];

    public Dictionary<string, int> Restarts { get; } = [];

    public Dictionary<string, ProbeState> Readiness { get; } = [];

    public Dictionary<string, ProbeState> Liveness { get; } = [];

    public Dictionary<string, (string Status, DateTime Since)> Conditions { get; } = [];

    public string? LastPostedStatus { get; set; }

    public DateTime? StartTime { get; set; }
}
