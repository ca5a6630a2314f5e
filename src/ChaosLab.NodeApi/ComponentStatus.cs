namespace ChaosLab.NodeApi;

public enum ComponentState
{
    /// <summary>Started and not stopped on purpose; may be between restarts.</summary>
    Running,

    /// <summary>Exited and waiting for its restart back-off.</summary>
    BackingOff,

    /// <summary>Stopped on purpose (a fault or an operator); stays down until started.</summary>
    Stopped,

    /// <summary>Frozen with SIGSTOP.</summary>
    Paused,
}

/// <summary>What the supervisor reports for one component at GET /components.</summary>
public sealed record ComponentStatus(
    string Name,
    ComponentState State,
    int? Pid,
    int Restarts,
    DateTimeOffset? StartedAt,
    int? LastExitCode,
    bool Healthy,
    string? HealthDetail);

/// <summary>Actions accepted at POST /components/{name}/{action}.</summary>
public static class ComponentActions
{
    public const string Stop = "stop";
    public const string Start = "start";
    public const string Restart = "restart";
    public const string Kill = "kill";
    public const string Pause = "pause";
    public const string Resume = "resume";

    public static IReadOnlyList<string> All { get; } = [Stop, Start, Restart, Kill, Pause, Resume];
}
