using ChaosLab.KubeProxy.Rules;

namespace ChaosLab.KubeProxy.Iptables;

/// <summary>The iptables operations kube-proxy needs, over a <see cref="ICommandRunner"/>.</summary>
public sealed class IptablesClient(ICommandRunner runner)
{
    // Waits for the xtables lock (legacy backend) instead of failing when someone else holds it.
    private static readonly string[] Wait = ["-w", "5"];

    /// <summary><c>iptables-save -t TABLE</c>.</summary>
    public async Task<string> SaveAsync(string table, CancellationToken ct = default)
    {
        var result = await runner.RunAsync("iptables-save", ["-t", table], null, ct);
        return result.Succeeded ? result.Stdout : throw new IptablesException($"reading the {table} table", result);
    }

    /// <summary><c>iptables-restore --noflush</c>: applies the input atomically per table, touching only the chains it declares.</summary>
    public async Task RestoreAsync(string input, CancellationToken ct = default)
    {
        var result = await runner.RunAsync("iptables-restore", [.. Wait, "--noflush"], input, ct);
        if (!result.Succeeded)
        {
            throw new IptablesException("applying proxy rules with iptables-restore", result);
        }
    }

    /// <summary>
    /// Inserts the jump at the top of its built-in chain unless <c>iptables -C</c> finds it, creating the
    /// (empty) target chain first when it does not exist yet; returns true if inserted.
    /// </summary>
    public async Task<bool> EnsureJumpAsync(JumpRule jump, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jump);
        var check = await runner.RunAsync("iptables", jump.CheckArguments, null, ct);
        if (check.Succeeded)
        {
            return false;
        }
        var create = await runner.RunAsync("iptables", jump.CreateTargetArguments, null, ct);
        if (!create.Succeeded && !create.Stderr.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            throw new IptablesException($"creating the chain {jump.Table}/{jump.Target}", create);
        }
        var insert = await runner.RunAsync("iptables", jump.InsertArguments, null, ct);
        return insert.Succeeded ? true : throw new IptablesException($"adding the jump {jump.Table}/{jump.Chain} → {jump.Target}", insert);
    }

    /// <summary>Removes every copy of the jump; returns how many were removed.</summary>
    public async Task<int> DeleteJumpAsync(JumpRule jump, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jump);
        var removed = 0;
        while ((await runner.RunAsync("iptables", jump.CheckArguments, null, ct)).Succeeded)
        {
            var delete = await runner.RunAsync("iptables", jump.DeleteArguments, null, ct);
            if (!delete.Succeeded)
            {
                throw new IptablesException($"removing the jump {jump.Table}/{jump.Chain} → {jump.Target}", delete);
            }
            removed++;
        }
        return removed;
    }
}
