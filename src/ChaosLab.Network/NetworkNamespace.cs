using ChaosLab.Network.Commands;

namespace ChaosLab.Network;

/// <summary>Named network namespaces (`ip netns`), bind-mounted under <see cref="RunDirectory"/>: a pod sandbox's network.</summary>
public static class NetworkNamespace
{
    public const string RunDirectory = "/var/run/netns";

    public static string PathOf(string name)
    {
        ValidateName(name);
        return Path.Combine(RunDirectory, name);
    }

    public static bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>Creates the namespace (an existing one is kept) and returns its path.</summary>
    public static async Task<string> CreateAsync(string name, CancellationToken ct = default)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            var add = await HostCommand.TryRunAsync("ip", ["netns", "add", name], ct);
            if (!add.Succeeded && !File.Exists(path))
            {
                throw new CommandFailedException($"creating network namespace {name}", add);
            }
        }
        return path;
    }

    /// <summary>Deletes the namespace; a missing one is fine.</summary>
    public static async Task DeleteAsync(string name, CancellationToken ct = default)
    {
        if (!Exists(name))
        {
            return;
        }
        var del = await HostCommand.TryRunAsync("ip", ["netns", "delete", name], ct);
        if (!del.Succeeded && Exists(name))
        {
            throw new CommandFailedException($"deleting network namespace {name}", del);
        }
    }

    /// <summary>Runs a command inside the namespace (`ip netns exec NAME ...`); a non-zero exit is returned, not thrown.</summary>
    public static Task<CommandOutput> ExecAsync(string name, IReadOnlyList<string> args, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ValidateName(name);
        return HostCommand.TryRunAsync("ip", ["netns", "exec", name, .. args], ct);
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new ArgumentException($"invalid network namespace name '{name}'", nameof(name));
        }
    }
}
