using System.Security.Cryptography;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Image;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Mutants;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Harness.Clusters;

/// <summary>
/// Keeps one healthy cluster per topology across scenarios (at most two at once, the least recently
/// used removed first), replaces one a scenario left unhealthy, and removes them all at the end of the run; CHAOSLAB_PROFILE
/// brings them up with another timing profile. With CHAOSLAB_KUBECONFIG set, every scenario runs against that cluster
/// instead (nothing is brought up or down).
/// </summary>
public static class ClusterPool
{
    public const string KubeconfigVariable = "CHAOSLAB_KUBECONFIG";
    public const string ProfileVariable = "CHAOSLAB_PROFILE";
    public const string ContainersVariable = "CHAOSLAB_CONTAINERS";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private const int MaxAlive = 2;

    private static readonly Dictionary<string, ClusterTarget> Clusters = [];
    private static readonly Dictionary<string, DateTime> LastUsed = [];
    private static DockerEngine? _engine;
    private static ClusterTarget? _external;

    public static Action<string> Log { get; set; } = _ => { };

    public static string? ExternalKubeconfig => Environment.GetEnvironmentVariable(KubeconfigVariable) is { Length: > 0 } path ? path : null;

    public static async Task<ClusterTarget> AcquireAsync(string topology, bool fresh, CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct);
        try
        {
            var engine = await EngineAsync(ct);
            if (ExternalKubeconfig is { } kubeconfig)
            {
                return _external ??= await ExternalAsync(engine, kubeconfig, ct);
            }
            if (Clusters.TryGetValue(topology, out var existing))
            {
                if (!fresh)
                {
                    LastUsed[topology] = DateTime.UtcNow;
                    return existing;
                }
                await RemoveAsync(topology, "the scenario asks for a fresh cluster", ct);
            }
            // An idle lab still costs CPU (its control loops, leases and probes): keep at most MaxAlive, dropping the one unused longest.
            while (Clusters.Count >= MaxAlive)
            {
                var idlest = Clusters.Keys.MinBy(t => LastUsed.GetValueOrDefault(t))!;
                await RemoveAsync(idlest, $"at most {MaxAlive} pool clusters stay up and a {topology} cluster is needed", ct);
            }
            var name = LabName(topology, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2)));
            Log($"bringing up a {topology} cluster ({name}) ...");
            var started = DateTime.UtcNow;
            var controller = new LabController(engine, TextLabProgress.Silent);
            await controller.ReapAsync(ct);
            var mutants = MutantSelection.FromEnvironment();
            var lab = await controller.UpAsync(new UpOptions(TopologyFile(topology), name, Persistent: false,
                Mutants: [.. mutants.Mutants.Select(m => m.Name)]), ct);
            Log($"{topology} cluster {name} up{(mutants.IsEmpty ? "" : $" with mutants {mutants}")} in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
            var cluster = ClusterTarget.ForLab(engine, lab);
            Clusters[topology] = cluster;
            LastUsed[topology] = DateTime.UtcNow;
            return cluster;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>After a scenario: keeps the cluster when it is healthy again within the timeout, else removes it.</summary>
    /// <summary>
    /// The pool's name for a lab of <paramref name="topology"/>: "feat-TOPOLOGY-SUFFIX", with the topology cut short when
    /// the whole would pass the 20 characters a lab name may have ("feat-ha-externa-7a02" for ha-external-etcd).
    /// </summary>
    public static string LabName(string topology, string suffix)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(suffix);
        var room = 20 - "feat-".Length - 1 - suffix.Length;
        var shown = (topology.Length <= room ? topology : topology[..room]).TrimEnd('-');
        return $"feat-{shown}-{suffix}";
    }

    public static async Task<string?> ReleaseAsync(ClusterTarget cluster, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var problem = await ClusterHealth.WaitAsync(cluster, timeout, ct);
        if (problem is null || !cluster.Owned)
        {
            return problem;
        }
        await Gate.WaitAsync(ct);
        try
        {
            await RemoveAsync(cluster.Topology, problem, ct);
        }
        finally
        {
            Gate.Release();
        }
        return problem;
    }

    public static async Task ShutdownAsync()
    {
        await Gate.WaitAsync();
        try
        {
            foreach (var topology in Clusters.Keys.ToList())
            {
                await RemoveAsync(topology, "end of the run", CancellationToken.None);
            }
            if (_external is not null)
            {
                await _external.RemoveAgentAsync(CancellationToken.None);
            }
            _external?.Dispose();
            _external = null;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task RemoveAsync(string topology, string why, CancellationToken ct)
    {
        if (Clusters.Remove(topology, out var cluster))
        {
            Log($"removing {cluster.Name}: {why}");
            cluster.Dispose();
            await new LabController(cluster.Engine, TextLabProgress.Silent).DownAsync(cluster.Name, ct);
        }
    }

    /// <summary>The bundled topology's file; with CHAOSLAB_PROFILE set, a copy of it under that timing profile.</summary>
    private static string TopologyFile(string topology)
    {
        var file = RepositoryFiles.Topology(topology);
        if (Environment.GetEnvironmentVariable(ProfileVariable) is not { Length: > 0 } profile)
        {
            return file;
        }
        return TimingProfile.Find(profile) is null
            ? throw new InvalidOperationException($"{ProfileVariable}={profile} names no timing profile; profiles: {string.Join(", ", TimingProfile.All.Select(p => p.Name))}")
            : ProfiledTopology.WriteCopy(file, profile);
    }

    private static async Task<ClusterTarget> ExternalAsync(IContainerEngine engine, string kubeconfig, CancellationToken ct)
    {
        TimingProfile? profile = null;
        if (Environment.GetEnvironmentVariable(ProfileVariable) is { Length: > 0 } profileName)
        {
            profile = TimingProfile.Find(profileName)
                ?? throw new InvalidOperationException($"{ProfileVariable}={profileName} names no timing profile; profiles: {string.Join(", ", TimingProfile.All.Select(p => p.Name))}");
        }
        var containers = (Environment.GetEnvironmentVariable(ContainersVariable) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var target = await ClusterTarget.ForKubeconfigAsync(engine, kubeconfig, profile, containers, ct);
        Log($"target: {target.Describe()}");
        using var images = new DockerImageEngine();
        var loaded = await new TargetImageLoader(images, new LogLabProgress(Log)).LoadAsync(target, CatalogImages.Prefix, ct);
        if (loaded.Count > 0)
        {
            Log($"the catalog's images are loaded into {string.Join(", ", loaded)}");
        }
        return target;
    }

    private static async Task<DockerEngine> EngineAsync(CancellationToken ct)
    {
        if (_engine is null)
        {
            var engine = new DockerEngine();
            await engine.EnsureReachableAsync(ct);
            _engine = engine;
        }
        return _engine;
    }
}
