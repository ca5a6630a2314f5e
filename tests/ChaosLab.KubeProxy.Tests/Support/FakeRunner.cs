using ChaosLab.KubeProxy.Iptables;

namespace ChaosLab.KubeProxy.Tests.Support;

/// <summary>Records commands and answers them from a small model: iptables-save prints <see cref="Save"/>; `iptables -C` succeeds for rules in <see cref="Present"/>.</summary>
public sealed class FakeRunner : ICommandRunner
{
    public List<(string Command, string? Stdin)> Calls { get; } = [];

    public string Save { get; set; } = "*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n";

    public HashSet<string> Present { get; } = [];

    public int RestoreExitCode { get; set; }

    /// <summary>Chains `iptables -N` has made; making one twice fails as iptables does. Set an error to fail every -N.</summary>
    public HashSet<string> Chains { get; } = [];

    public string? CreateChainStderr { get; set; }

    public Task<CommandResult> RunAsync(string program, IReadOnlyList<string> args, string? stdin = null, CancellationToken ct = default)
    {
        var line = string.Join(' ', [program, .. args]);
        Calls.Add((line, stdin));
        var rule = string.Join(' ', args.Where((_, i) => i != Array.FindIndex(args.ToArray(), a => a is "-C" or "-I" or "-D")));
        if (args.Contains("-N"))
        {
            var chain = $"{args[^3]} {args[^1]}";
            var error = CreateChainStderr ?? (Chains.Add(chain) ? null : "iptables: Chain already exists.");
            return Task.FromResult(new CommandResult(line, error is null ? 0 : 1, "", error ?? ""));
        }
        var exit = program switch
        {
            "iptables-save" => 0,
            "iptables-restore" => RestoreExitCode,
            _ when args.Contains("-C") => Present.Contains(rule) ? 0 : 1,
            _ when args.Contains("-I") => Present.Add(rule) ? 0 : 0,
            _ when args.Contains("-D") => Present.Remove(rule) ? 0 : 1,
            _ => 0,
        };
        var stderr = exit == 0 ? "" : program == "iptables-restore" ? "iptables-restore: line 7 failed" : "Bad rule (does a matching rule exist in that chain?).";
        return Task.FromResult(new CommandResult(line, exit, program == "iptables-save" ? Save : "", stderr));
    }
}
