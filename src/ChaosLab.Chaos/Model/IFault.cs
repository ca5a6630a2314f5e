using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Model;

/// <summary>
/// One fault, injected once. Options are validated when the fault is built; targets are resolved at
/// <see cref="InjectAsync"/>. Each operation returns the evidence the timeline records.
/// </summary>
public interface IFault
{
    /// <summary>Unique per injection; tags the rules and helpers this injection leaves in nodes.</summary>
    string Id { get; }

    /// <summary>The catalog name: "node-kill", "partition", "latency"...</summary>
    string Name { get; }

    /// <summary>What the fault does and to whom, once resolved (or its selectors before that).</summary>
    string Describe();

    /// <summary>How long the effect may take to show (and the heal to be observed).</summary>
    TimeSpan VerifyTimeout => TimeSpan.FromSeconds(20);

    /// <summary>Containers this injection touched, so a later run can sweep them after a crash.</summary>
    IReadOnlyList<string> TouchedContainers { get; }

    /// <summary>Helper processes this injection started on the host ("PID@START"), stopped at heal.</summary>
    IReadOnlyCollection<string> HelperProcesses => [];

    Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct);

    /// <summary>One check that the fault took effect, observed outside the mechanism where possible.</summary>
    Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct);

    Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct);

    Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct);
}

/// <summary>The outcome of one verification attempt and what was observed.</summary>
public sealed record Check(bool Ok, string Evidence)
{
    public static Check Pass(string evidence) => new(true, evidence);

    public static Check Fail(string evidence) => new(false, evidence);
}
