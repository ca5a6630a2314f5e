namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// A rule in a built-in chain (PREROUTING, OUTPUT, ...) that sends traffic into a KUBE-* chain.
/// Built-in chains are shared with Docker and the node's own rules, so these are never part of a
/// restore: each is checked with <c>iptables -C</c> and inserted with <c>iptables -I</c> if missing.
/// </summary>
public sealed record JumpRule(string Table, string Chain, IReadOnlyList<string> Rule)
{
    /// <summary>The KUBE-* chain the rule jumps to.</summary>
    public string Target => Rule[^1];

    /// <summary>Arguments of <c>iptables</c> that create the target chain (exit 1, "Chain already exists", when it does).</summary>
    public IReadOnlyList<string> CreateTargetArguments => ["-w", "5", "-t", Table, "-N", Target];

    /// <summary>Arguments of <c>iptables</c> that exit 0 if the rule is present.</summary>
    public IReadOnlyList<string> CheckArguments => ["-w", "5", "-t", Table, "-C", Chain, .. Rule];

    /// <summary>Arguments of <c>iptables</c> that put the rule first in its chain.</summary>
    public IReadOnlyList<string> InsertArguments => ["-w", "5", "-t", Table, "-I", Chain, .. Rule];

    /// <summary>Arguments of <c>iptables</c> that remove the rule (one copy).</summary>
    public IReadOnlyList<string> DeleteArguments => ["-w", "5", "-t", Table, "-D", Chain, .. Rule];

    /// <summary>The same as one shell line: <c>iptables -C … || iptables -I …</c>.</summary>
    public string EnsureShellCommand => $"iptables {Quote(CheckArguments)} || iptables {Quote(InsertArguments)}";

    private static string Quote(IEnumerable<string> args) =>
        string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
