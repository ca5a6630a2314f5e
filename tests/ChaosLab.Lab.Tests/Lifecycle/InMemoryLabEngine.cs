using System.Net;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Network;

namespace ChaosLab.Lab.Tests.Lifecycle;

/// <summary>
/// A container engine holding one lab's labelled containers, networks and volumes in memory, for unit tests of
/// <see cref="ChaosLab.Lab.Lifecycle.LabDown"/> and the reaper. A removal fails when <see cref="FailRemoval"/> says so
/// (given the object's name and which attempt this is, from 1); every call that is not about lab objects is refused.
/// </summary>
internal sealed class InMemoryLabEngine : IContainerEngine
{
    private readonly Dictionary<string, int> _attempts = [];

    public List<ContainerInfo> Containers { get; } = [];

    public List<LabeledObject> Networks { get; } = [];

    public List<LabeledObject> Volumes { get; } = [];

    public Func<string, int, Exception?> FailRemoval { get; init; } = (_, _) => null;

    /// <summary>When set, listing anything fails with it, as an engine that does not answer.</summary>
    public Exception? Unreachable { get; init; }

    public List<string> Disconnected { get; } = [];

    public int Attempts(string name)
    {
        lock (_attempts)
        {
            return _attempts.GetValueOrDefault(name);
        }
    }

    public static Dictionary<string, string> Labels(string lab, string id) => new()
    {
        [LabLabels.Lab] = lab,
        [LabLabels.LabId] = id,
        // A process that does not exist (PIDs stop far below this): the owner of a crashed run.
        [LabLabels.Owner] = "999999999@1",
    };

    public InMemoryLabEngine WithLab(string lab, string id, params string[] nodes)
    {
        var labels = Labels(lab, id);
        Containers.AddRange(nodes.Select(n => new ContainerInfo($"id-{lab}-{n}", LabLabels.ContainerName(lab, n), ContainerState.Running, labels, null)));
        Networks.Add(new LabeledObject($"id-net-{lab}", LabLabels.NetworkName(lab), labels));
        Volumes.Add(new LabeledObject($"vol-{lab}", $"vol-{lab}", labels));
        return this;
    }

    public Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(string label, CancellationToken ct = default) => List(Containers, c => c.Labels, label);

    public Task<IReadOnlyList<LabeledObject>> ListNetworksAsync(string label, CancellationToken ct = default) => List(Networks, n => n.Labels, label);

    public Task<IReadOnlyList<LabeledObject>> ListVolumesAsync(string label, CancellationToken ct = default) => List(Volumes, v => v.Labels, label);

    public Task RemoveContainerAsync(string container, CancellationToken ct = default) =>
        Remove(Containers, c => c.Id == container || c.Name == container, c => c.Name);

    public Task RemoveNetworkAsync(string nameOrId, CancellationToken ct = default) =>
        Remove(Networks, n => n.Id == nameOrId || n.Name == nameOrId, n => n.Name);

    public Task RemoveVolumeAsync(string name, CancellationToken ct = default) => Remove(Volumes, v => v.Name == name, v => v.Name);

    public Task<IReadOnlyList<string>> DisconnectAllAsync(string network, CancellationToken ct = default)
    {
        lock (Disconnected)
        {
            Disconnected.Add(network);
        }
        return Task.FromResult<IReadOnlyList<string>>(["a-stale-endpoint"]);
    }

    private Task<IReadOnlyList<T>> List<T>(List<T> objects, Func<T, IReadOnlyDictionary<string, string>> labels, string label)
    {
        if (Unreachable is not null)
        {
            return Task.FromException<IReadOnlyList<T>>(Unreachable);
        }
        var (key, value) = label.Split('=', 2) is [var k, var v] ? (k, v) : (label, null);
        lock (objects)
        {
            return Task.FromResult<IReadOnlyList<T>>(objects
                .Where(o => labels(o).TryGetValue(key, out var actual) && (value is null || actual == value))
                .ToList());
        }
    }

    private Task Remove<T>(List<T> objects, Func<T, bool> match, Func<T, string> name)
    {
        lock (objects)
        {
            var found = objects.FirstOrDefault(match);
            if (found is null)
            {
                return Task.CompletedTask; // gone already, as Docker's remove with force
            }
            int attempt;
            lock (_attempts)
            {
                attempt = _attempts[name(found)] = _attempts.GetValueOrDefault(name(found)) + 1;
            }
            if (FailRemoval(name(found), attempt) is { } error)
            {
                return Task.FromException(error);
            }
            objects.Remove(found);
            return Task.CompletedTask;
        }
    }

    public Task<bool> ImageExistsAsync(string reference, CancellationToken ct = default) => throw Refused();

    public Task ImportImageAsync(string tarPath, string repository, string tag, IReadOnlyList<string> changes, CancellationToken ct = default) => throw Refused();

    public Task RemoveImageAsync(string reference, CancellationToken ct = default) => throw Refused();

    public Task<IReadOnlyList<IPNetwork>> UsedSubnetsAsync(CancellationToken ct = default) => throw Refused();

    public Task<string> CreateNetworkAsync(NetworkRequest request, CancellationToken ct = default) => throw Refused();

    public Task CreateContainerAsync(ContainerRequest request, CancellationToken ct = default) => throw Refused();

    public Task StartAsync(string container, CancellationToken ct = default) => throw Refused();

    public Task StopAsync(string container, TimeSpan grace, CancellationToken ct = default) => throw Refused();

    public Task KillAsync(string container, string signal = "KILL", CancellationToken ct = default) => throw Refused();

    public Task RestartAsync(string container, TimeSpan grace, CancellationToken ct = default) => throw Refused();

    public Task PauseAsync(string container, CancellationToken ct = default) => throw Refused();

    public Task UnpauseAsync(string container, CancellationToken ct = default) => throw Refused();

    public Task<ExecResult> ExecAsync(string container, IReadOnlyList<string> command, CancellationToken ct = default) => throw Refused();

    public Task<string> LogsAsync(string container, int tail, CancellationToken ct = default) => throw Refused();

    public Task CopyFromAsync(string container, string path, string destination, CancellationToken ct = default) => throw Refused();

    public Task<ContainerInfo?> InspectAsync(string container, CancellationToken ct = default) => throw Refused();

    public Task<long> MemoryUsageBytesAsync(string container, CancellationToken ct = default) => throw Refused();

    private static NotSupportedException Refused() => new("not a call down or the reaper makes");
}

/// <summary>Host firewall rules in memory; a rule whose comment is in <see cref="Stuck"/> fails to go.</summary>
internal sealed class InMemoryFirewall : IHostFirewall
{
    public List<FirewallRule> Rules { get; } = [];

    public HashSet<string> Stuck { get; } = [];

    public InMemoryFirewall WithLab(string lab, string id)
    {
        var comment = $"{LabLabels.FirewallCommentPrefix}{lab}:{id}";
        Rules.Add(new FirewallRule("DOCKER-USER", ["-i", "cl-x", "-m", "comment", "--comment", comment, "-j", "ACCEPT"], comment));
        Rules.Add(new FirewallRule("INPUT", ["-i", "cl-x", "-m", "comment", "--comment", comment, "-j", "DROP"], comment));
        return this;
    }

    public Task<IReadOnlyList<FirewallRule>> ListAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<FirewallRule>>(Rules.ToList());

    public Task RemoveAsync(FirewallRule rule, CancellationToken ct = default)
    {
        if (Stuck.Contains(rule.Comment))
        {
            return Task.FromException(new LabException($"iptables -D {rule.Chain} failed: Resource temporarily unavailable"));
        }
        Rules.Remove(rule);
        return Task.CompletedTask;
    }
}
