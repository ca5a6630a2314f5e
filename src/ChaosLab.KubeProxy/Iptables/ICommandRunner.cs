namespace ChaosLab.KubeProxy.Iptables;

/// <summary>
/// Runs iptables tools. The proxy uses <see cref="ProcessCommandRunner"/> on its own node; tests can
/// run the same commands somewhere else (inside a lab node) or record them.
/// </summary>
public interface ICommandRunner
{
    /// <summary>Runs <paramref name="program"/> to completion, feeding <paramref name="stdin"/> if given. A non-zero exit is returned, not thrown.</summary>
    Task<CommandResult> RunAsync(string program, IReadOnlyList<string> args, string? stdin = null, CancellationToken ct = default);
}
