namespace ChaosLab.Lab.Network;

/// <summary>
/// The host's ChaosLab firewall rules as `down` and the reaper see them: list them, remove one.
/// <see cref="MachineFirewall"/> is this machine's iptables; unit tests give their own, so they never touch the host's rules.
/// </summary>
public interface IHostFirewall
{
    Task<IReadOnlyList<FirewallRule>> ListAsync(CancellationToken ct = default);

    Task RemoveAsync(FirewallRule rule, CancellationToken ct = default);
}

/// <summary>This machine's iptables, through <see cref="HostFirewall"/>.</summary>
public sealed class MachineFirewall : IHostFirewall
{
    public static MachineFirewall Instance { get; } = new();

    public Task<IReadOnlyList<FirewallRule>> ListAsync(CancellationToken ct = default) => HostFirewall.ListAsync(ct);

    public Task RemoveAsync(FirewallRule rule, CancellationToken ct = default) => HostFirewall.RemoveRuleAsync(rule, ct);
}
