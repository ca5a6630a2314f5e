using System.Net;
using ChaosLab.Network.Cni;

namespace ChaosLab.Network.Tests.Cni;

/// <summary>A node in memory for <see cref="CniPlugin"/>: records every call, answers with a fixed pod address, fails on request.</summary>
internal sealed class FakeDataplane : ICniDataplane
{
    public HashSet<string> Namespaces { get; } = ["/var/run/netns/pod1"];

    public List<string> Calls { get; } = [];

    public NetworkConfig? LastConfig { get; private set; }

    public Exception? Failure { get; set; }

    public bool LoopbackUp { get; set; } = true;

    /// <summary>What ADD and CHECK report; the host veth is named after the container id, like the real plugin.</summary>
    public Func<string, string, PodNetworkResult> Pod { get; set; } = (containerId, ifName) =>
        new PodNetworkResult(IPAddress.Parse("10.244.1.5"), 24, IPAddress.Parse("10.244.1.1"), "0a:58:0a:f4:01:05", ifName, VethName.For(containerId));

    public bool NamespaceExists(string netnsPath) => Namespaces.Contains(netnsPath);

    public string? MacOf(string device) => device.StartsWith("veth", StringComparison.Ordinal) ? "ee:ee:ee:00:00:01" : "ee:ee:ee:00:00:00";

    public Task<PodNetworkResult> AddAsync(NetworkConfig config, string containerId, string netnsPath, string ifName, CancellationToken ct) =>
        Record($"add {containerId} {netnsPath} {ifName}", config, () => Pod(containerId, ifName));

    public Task<PodNetworkResult> CheckAsync(NetworkConfig config, string containerId, string netnsPath, string ifName, CancellationToken ct) =>
        Record($"check {containerId} {netnsPath} {ifName}", config, () => Pod(containerId, ifName));

    public Task DelAsync(NetworkConfig config, string containerId, string? netnsPath, string ifName, CancellationToken ct) =>
        Record($"del {containerId} {netnsPath ?? "-"} {ifName}", config, () => 0);

    public Task SetLoopbackUpAsync(string netnsPath, CancellationToken ct) => Record($"lo-up {netnsPath}", null, () => 0);

    public Task<bool> IsLoopbackUpAsync(string netnsPath, CancellationToken ct) => Record($"lo-check {netnsPath}", null, () => LoopbackUp);

    private Task<T> Record<T>(string call, NetworkConfig? config, Func<T> result)
    {
        Calls.Add(call);
        LastConfig = config ?? LastConfig;
        return Failure is null ? Task.FromResult(result()) : Task.FromException<T>(Failure);
    }
}
