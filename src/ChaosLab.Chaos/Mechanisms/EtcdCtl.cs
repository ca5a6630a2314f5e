using System.Globalization;
using System.Text.Json;
using ChaosLab.Lab;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.Pki;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.Chaos.Mechanisms;

/// <summary>One etcd member as the cluster lists it.</summary>
public sealed record EtcdMemberInfo(ulong Id, string Name, IReadOnlyList<string> PeerUrls)
{
    public string HexId => Id.ToString("x", CultureInfo.InvariantCulture);
}

/// <summary>
/// The host's etcdctl (Debian's etcd-client, the same 3.4 as the members) with the lab's etcd admin
/// client certificate, pointed at one member: membership changes and snapshots.
/// </summary>
public sealed class EtcdCtl(LabPaths paths)
{
    public async Task<string> RunAsync(LabNode endpoint, IReadOnlyList<string> args, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var result = await Cli.Wrap("etcdctl")
            .WithArguments([
                "--endpoints", EtcdMember.ClientUrl(endpoint),
                "--cacert", Path.Combine(paths.Pki, LabPki.EtcdCaFile),
                "--cert", Path.Combine(paths.Pki, "etcd-admin.crt"),
                "--key", Path.Combine(paths.Pki, "etcd-admin.key"),
                "--command-timeout", "10s",
                .. args])
            .WithEnvironmentVariables(e => e.Set("ETCDCTL_API", "3"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new ChaosException($"etcdctl {string.Join(' ', args)} against {endpoint.Name} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
    }

    public async Task<IReadOnlyList<EtcdMemberInfo>> MembersAsync(LabNode endpoint, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(await RunAsync(endpoint, ["member", "list", "-w", "json"], ct));
        return json.RootElement.GetProperty("members").EnumerateArray().Select(m => new EtcdMemberInfo(
                m.GetProperty("ID").GetUInt64(),
                m.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
                m.TryGetProperty("peerURLs", out var urls) ? urls.EnumerateArray().Select(u => u.GetString() ?? "").ToList() : []))
            .ToList();
    }

    /// <summary>The cluster ID as the member reports it in its response header.</summary>
    public async Task<ulong> ClusterIdAsync(LabNode endpoint, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(await RunAsync(endpoint, ["endpoint", "status", "-w", "json"], ct));
        return json.RootElement[0].GetProperty("Status").GetProperty("header").GetProperty("cluster_id").GetUInt64();
    }
}
