using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ChaosLab.Lab.ControlPlane;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Etcd;
using ChaosLab.Lab.Image;
using ChaosLab.Lab.LoadBalancer;
using ChaosLab.Lab.Network;
using ChaosLab.Lab.Pki;
using ChaosLab.Lab.Mutants;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>
/// Brings a topology up as a pipeline of named steps, each reported to the progress sink:
/// image → plan → files → network → firewall → nodes → etcd ready → lb ready → kubeconfig.
/// A failure collects diagnostics from the nodes, removes what was created, and says what went wrong.
/// </summary>
public sealed partial class LabUp(IContainerEngine engine, ILabProgress progress)
{
    private static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(90);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,19}$")]
    private static partial Regex LabNamePattern();

    public static void ValidateName(string name)
    {
        if (!LabNamePattern().IsMatch(name ?? ""))
        {
            throw new InvalidLabInputException($"invalid lab name '{name}': use 1-20 lowercase letters, digits or '-', starting with a letter");
        }
    }

    public async Task<LabState> RunAsync(UpOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateName(options.Name);
        var topology = TopologyLoader.Load(options.TopologyFile);
        topology = WithMutants(topology, options);
        var paths = LabPaths.For(options.Name);

        await StepAsync("Removing leftovers of crashed runs", async () =>
        {
            // Another lab's leftover that will not go is that lab's problem: say so, and carry on.
            var report = await Reaper.ReapAsync(engine, ct);
            foreach (var line in report.Reaped)
            {
                progress.Detail("reaped " + line);
            }
            foreach (var warning in report.Warnings)
            {
                progress.Warning(warning);
            }
        });
        if (LabState.TryLoad(paths) is { } existing)
        {
            throw new LabException($"lab '{options.Name}' is already up (topology {existing.TopologyName}, created {existing.CreatedAt:u}); run `chaoslab down --name {options.Name}` first or pick another --name");
        }

        var image = await StepAsync("Ensuring node image", () => new NodeImageBuilder(engine, progress).EnsureAsync(ct));
        using var images = new DockerImageEngine();
        await StepAsync("Ensuring the built-in pod images", () => new WorkloadImages(engine, images, progress).EnsureAsync(ct: ct));
        await CheckTopologyImagesAsync(topology, images, ct);
        var state = await StepAsync("Planning nodes and addresses", () => PlanAsync(topology, options, image, ct));
        state.Save(paths);
        try
        {
            var nodes = state.LabNodes();
            await StepAsync("Writing certificates and node configs", () => Task.Run(() => WriteFiles(paths, state, topology, nodes), ct));
            await StepAsync($"Creating network {state.Network} ({state.NodeSubnet}, internal)", () => CreateNetworkAsync(state, topology, paths, ct));
            await StepAsync("Installing host firewall rules for the lab bridge", () => HostFirewall.InstallAsync(state.Bridge, HostFirewall.Comment(state.Name, state.Id), ct));
            await StepAsync($"Starting {nodes.Count} node containers", () => StartNodesAsync(state, paths, nodes, ct));
            var readyTimeout = options.ReadyTimeout ?? DefaultReadyTimeout;
            await StepAsync("Waiting for node supervisors", () => WaitForSupervisorsAsync(paths, nodes, readyTimeout, ct));
            await StepAsync($"Waiting for etcd ({state.EtcdMembers().Count} members, TLS) to be healthy with a leader", () => WaitForEtcdAsync(paths, state, readyTimeout, ct));
            await StepAsync("Waiting for every component to report healthy", () => WaitForComponentsAsync(paths, nodes, readyTimeout, ct));
            var podNodes = nodes.Where(n => n.RunsPods).Select(n => new ImageTarget(n.Name, LabLabels.ContainerName(state.Name, n.Name))).ToList();
            if (podNodes.Count > 0)
            {
                // No registry exists: every image a pod may name is put into each node's containerd now.
                await new ImageLoader(engine, images, progress).LoadAsync([.. WorkloadImages.All, .. topology.ImagesToLoad.Select(i => i.Reference)], podNodes, ct);
            }
            await StepAsync("Waiting for the Kubernetes API at its endpoint", () => WaitForApiAsync(paths, state, readyTimeout, ct));
            var workers = nodes.Where(n => n.Role == NodeRole.Worker).Select(n => n.Name).ToList();
            if (workers.Count > 0)
            {
                await StepAsync($"Waiting for {workers.Count} worker nodes to register, be Ready and schedulable", () => WaitForNodesAsync(paths, state, workers, readyTimeout, ct));
            }
            if (podNodes.Count > 0)
            {
                var dnsIp = ControlPlane.ClusterDnsAddon.ServiceIp(topology.Network.ServiceSubnet);
                await StepAsync($"Deploying cluster DNS ({ControlPlane.ClusterDnsAddon.Replicas} replicas behind kube-dns at {dnsIp})", () => DeployClusterDnsAsync(paths, state, topology, ct));
                await StepAsync("Waiting for cluster DNS to answer", () => WaitForClusterDnsAsync(paths, state, readyTimeout, ct));
            }
            Kubeconfig.Write(paths, state);
            state = state with { Phase = LabPhase.Ready };
            state.Save(paths);
            return state;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var diagnostics = await DiagnoseAsync(state);
            var removed = await LabDown.RunAsync(engine, state.Name, state.Id, CancellationToken.None);
            throw new LabException($"bringing up lab '{state.Name}' failed: {ex.Message}{diagnostics}{LeftBehind(state, removed)}", ex);
        }
        catch (OperationCanceledException)
        {
            var removed = await LabDown.RunAsync(engine, state.Name, state.Id, CancellationToken.None);
            if (!removed.Complete)
            {
                progress.Warning(LeftBehind(state, removed).Trim());
            }
            throw;
        }
    }

    /// <summary>The topology's own mutants plus the ones `up` was given; a substituted component cannot also be a mutant.</summary>
    private static TopologySpec WithMutants(TopologySpec topology, UpOptions options)
    {
        var mutants = MutantSelection.Parse(options.Mutants).With(topology.ComponentMutants);
        if (mutants.Mutants.FirstOrDefault(m => topology.Components.ContainsKey(m.Component)) is { } clash)
        {
            throw new InvalidLabInputException($"mutant '{clash.Name}' breaks {clash.Component}, which the topology replaces with {topology.Components[clash.Component].Command}");
        }
        return topology with { Mutants = mutants.ByComponent() };
    }

    private static string LeftBehind(LabState state, RemovedObjects removed) =>
        removed.Complete
            ? ""
            : $"{Environment.NewLine}Not removed (`chaoslab down --name {state.Name}` tries again):"
                + string.Concat(removed.Remaining.Select(r => $"{Environment.NewLine}  {r}"));

    /// <summary>Every image the topology lists must be in the host's engine before anything starts: the error points at its line.</summary>
    private static async Task CheckTopologyImagesAsync(TopologySpec topology, IImageEngine images, CancellationToken ct)
    {
        var missing = new List<TopologyProblem>();
        foreach (var image in topology.ImagesToLoad)
        {
            if (await images.ImageIdAsync(ImageReference.WithTag(image.Reference), ct) is null)
            {
                missing.Add(new TopologyProblem(topology.SourceFile, image.Line, image.Column,
                    $"image '{image.Reference}' is not in the host's Docker engine; build it (`docker build -t {image.Reference} .`) or pull it first"));
            }
        }
        if (missing.Count > 0)
        {
            throw new TopologyException(missing);
        }
    }

    private async Task<T> StepAsync<T>(string title, Func<Task<T>> step)
    {
        progress.Step(title);
        var watch = Stopwatch.StartNew();
        var result = await step();
        progress.Done(title, watch.Elapsed);
        return result;
    }

    private Task StepAsync(string title, Func<Task> step) => StepAsync(title, async () =>
    {
        await step();
        return true;
    });

    private async Task<LabState> PlanAsync(TopologySpec topology, UpOptions options, string image, CancellationToken ct)
    {
        var subnet = topology.Network.NodeSubnet
            ?? SubnetPool.PickFree(await engine.UsedSubnetsAsync(ct))
            ?? throw new LabException($"no free /24 left in {SubnetPool.Pool} for the lab network; remove unused Docker networks or pin network.nodeSubnet");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var nodes = topology.ExpandNodes()
            .Select((n, i) => new LabNodeRecord(n.Name, n.Role, SubnetPool.AddressAt(subnet, SubnetPool.FirstNodeOffset + i).ToString()))
            .ToList();
        return new LabState(options.Name, id, Path.GetFullPath(options.TopologyFile), topology.Name, topology.Profile.Name,
            topology.Etcd.Layout, LabPhase.Creating, options.Persistent, options.Owner ?? ProcessIdentity.Current,
            LabLabels.NetworkName(options.Name), BridgeName(options.Name), subnet.ToString(), image, nodes, DateTimeOffset.UtcNow);
    }

    /// <summary>Linux caps interface names at 15 characters; a hash keeps bridge names unique per lab.</summary>
    private static string BridgeName(string lab) =>
        "cl-" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lab)))[..10];

    private static void WriteFiles(LabPaths paths, LabState state, TopologySpec topology, IReadOnlyList<LabNode> nodes)
    {
        var lb = nodes.FirstOrDefault(n => n.Role == NodeRole.LoadBalancer);
        LabPki.Issue(paths, state.Name, nodes, state.EtcdLayout, lb?.Address, topology.Network.ServiceSubnet);
        var apiEndpoint = (lb ?? nodes.First(n => n.Role == NodeRole.ControlPlane)).Address.ToString();
        foreach (var node in nodes)
        {
            ControlPlane.ComponentKubeconfig.WriteForNode(paths.Node(node.Name), node, apiEndpoint);
            var config = new NodeConfig(node.Name, node.Role.ToYaml(), node.Address.ToString(), NodeConfig.DefaultSupervisorPort,
                NodeComponents.For(node, nodes, topology, state.Id));
            File.WriteAllText(Path.Combine(paths.Node(node.Name), "node.json"), config.ToJson());
            if (node.RunsPods)
            {
                File.WriteAllText(Path.Combine(paths.Node(node.Name), ContainerdComponent.ConfigFile), ContainerdComponent.Config());
            }
            if (node.Role == NodeRole.LoadBalancer)
            {
                File.WriteAllText(Path.Combine(paths.Node(node.Name), "haproxy.cfg"),
                    Haproxy.Config(nodes.Where(n => n.Role == NodeRole.ControlPlane).ToList(), topology.Profile));
            }
        }
        NodeBinary.CopyTo(paths.NodeBin);
    }


    private async Task CreateNetworkAsync(LabState state, TopologySpec topology, LabPaths paths, CancellationToken ct)
    {
        var subnet = IPNetwork.Parse(state.NodeSubnet);
        try
        {
            await engine.CreateNetworkAsync(new NetworkRequest(state.Network, subnet, SubnetPool.AddressAt(subnet, 1), state.Bridge, Labels(state, paths, null)), ct);
        }
        catch (global::Docker.DotNet.DockerApiException ex)
        {
            var hint = topology.Network.NodeSubnet is null ? "" : $" (network.nodeSubnet {subnet} is pinned in {topology.SourceFile})";
            throw new LabException($"creating network {state.Network} on {subnet} failed{hint}: {ex.ResponseBody}", ex);
        }
        _ = paths;
    }

    private async Task StartNodesAsync(LabState state, LabPaths paths, IReadOnlyList<LabNode> nodes, CancellationToken ct)
    {
        await Task.WhenAll(nodes.Select(async node =>
        {
            var name = LabLabels.ContainerName(state.Name, node.Name);
            await engine.CreateContainerAsync(new ContainerRequest(
                Name: name,
                Hostname: node.Name,
                Image: state.Image,
                Network: state.Network,
                Address: node.Address,
                Command: NodeBinary.SupervisorCommand,
                Labels: Labels(state, paths, node),
                ReadOnlyBinds:
                [
                    $"{NodeBinary.DotnetRoot}:{NodeBinary.DotnetRoot}",
                    $"{paths.NodeBin}:{NodeBinary.MountPoint}",
                    $"{paths.Node(node.Name)}:/etc/chaoslab",
                ],
                Environment: new Dictionary<string, string>
                {
                    ["DOTNET_ROOT"] = NodeBinary.DotnetRoot,
                    ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                    ["DOTNET_gcServer"] = "0",
                    // No background GC thread per process: the heaps are small and the cores few.
                    ["DOTNET_gcConcurrent"] = "0",
                    // W^X maps every JIT-compiled page twice through shared memory: about 70 MiB of shmem per worker
                    // node and slower JIT. The lab's own components are what runs here; pods are separate containers.
                    ["DOTNET_EnableWriteXorExecute"] = "0",
                    // Components are small; a smaller GC budget keeps each node's memory low.
                    ["DOTNET_GCgen0size"] = "0x400000",
                    // Twenty-odd .NET processes start at once on two cores: skip PGO instrumentation, it only pays off later.
                    ["DOTNET_TieredPGO"] = "0",
                    // ... and hold tier-1 recompilation until start-up JIT has been quiet for 3 s (default 0.1 s):
                    // twenty processes recompiling hot methods while the others still start is what made
                    // `up` of `ha` take 24 s instead of 15-17 s.
                    ["DOTNET_TC_CallCountingDelayMs"] = "3000",
                    ["CHAOSLAB_NODE"] = node.Name,
                },
                Volumes: node.RunsPods ? [new VolumeMount(ContainerdComponent.VolumeName(state.Name, node.Name), ContainerdComponent.StateDirectory)] : null), ct);
            await engine.StartAsync(name, ct);
        }));
    }

    private static Dictionary<string, string> Labels(LabState state, LabPaths paths, LabNode? node)
    {
        var labels = new Dictionary<string, string>
        {
            [LabLabels.Lab] = state.Name,
            [LabLabels.LabId] = state.Id,
            [LabLabels.Owner] = state.Owner,
            [LabLabels.Folder] = Path.GetFullPath(paths.Root),
        };
        if (node is not null)
        {
            labels[LabLabels.Node] = node.Name;
            labels[LabLabels.Role] = node.Role.ToYaml();
        }
        return labels;
    }

    private static async Task WaitForSupervisorsAsync(LabPaths paths, IReadOnlyList<LabNode> nodes, TimeSpan timeout, CancellationToken ct)
    {
        using var client = new SupervisorClient(paths, TimeSpan.FromSeconds(1));
        await Waiter.UntilAsync("every node's supervisor to answer", timeout, async token =>
        {
            var silent = new List<string>();
            foreach (var node in nodes)
            {
                try
                {
                    await client.ComponentsAsync(node, token);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    silent.Add(node.Name);
                }
            }
            return (silent.Count == 0, silent.Count == 0 ? "all answer" : "no answer from " + string.Join(", ", silent));
        }, ct: ct);
    }

    private static async Task WaitForEtcdAsync(LabPaths paths, LabState state, TimeSpan timeout, CancellationToken ct)
    {
        using var probe = EtcdProbe.ForLab(paths);
        var members = state.EtcdMembers();
        await Waiter.UntilAsync("every etcd member healthy over TLS, agreeing on one leader", timeout, async token =>
        {
            var statuses = await probe.StatusAsync(members, token);
            var leaders = statuses.Select(s => s.LeaderId).Where(l => l.Length > 0 && l != "0").Distinct().Count();
            var done = statuses.All(s => s.Healthy) && leaders == 1;
            return (done, string.Join("; ", statuses.Select(s => $"{s.Node}: {(s.Healthy ? "healthy" : "unhealthy")}{(s.IsLeader ? " leader" : "")}{(s.Error is null ? "" : " " + s.Error)}")));
        }, ct: ct);
    }

    private static async Task WaitForApiAsync(LabPaths paths, LabState state, TimeSpan timeout, CancellationToken ct)
    {
        using var probe = new ControlPlane.ApiProbe(paths);
        var endpoint = state.ApiEndpointNode();
        await Waiter.UntilAsync($"/readyz through {endpoint.Name}", timeout, async token => await probe.ReadyAsync(endpoint, token), ct: ct);
    }

    private static async Task WaitForNodesAsync(LabPaths paths, LabState state, IReadOnlyList<string> workers, TimeSpan timeout, CancellationToken ct)
    {
        using var probe = new ControlPlane.ApiProbe(paths);
        var endpoint = state.ApiEndpointNode();
        await Waiter.UntilAsync("worker nodes Ready in the API", timeout, async token => await probe.NodesReadyAsync(endpoint, workers, token), ct: ct);
    }

    private static async Task DeployClusterDnsAsync(LabPaths paths, LabState state, TopologySpec topology, CancellationToken ct)
    {
        using var writer = new ControlPlane.ApiObjectWriter(paths);
        var endpoint = state.ApiEndpointNode();
        foreach (var (path, body) in ControlPlane.ClusterDnsAddon.Objects(topology.Network.ServiceSubnet, topology.Profile))
        {
            await writer.CreateAsync(endpoint, path, body, ct);
        }
    }

    /// <summary>One ready replica is enough for names to resolve: `up` does not wait for the second.</summary>
    private static async Task WaitForClusterDnsAsync(LabPaths paths, LabState state, TimeSpan timeout, CancellationToken ct)
    {
        using var writer = new ControlPlane.ApiObjectWriter(paths);
        var endpoint = state.ApiEndpointNode();
        await Waiter.UntilAsync("a cluster DNS replica ready", timeout,
            async token => await writer.DeploymentReadyAsync(endpoint, ControlPlane.ClusterDnsAddon.Namespace, ControlPlane.ClusterDnsAddon.DeploymentName, 1, token), ct: ct);
    }

    private static async Task WaitForComponentsAsync(LabPaths paths, IReadOnlyList<LabNode> nodes, TimeSpan timeout, CancellationToken ct)
    {
        using var client = new SupervisorClient(paths, TimeSpan.FromSeconds(3));
        await Waiter.UntilAsync("every component healthy (haproxy, etcd ...)", timeout, async token =>
        {
            var unhealthy = new List<string>();
            foreach (var node in nodes)
            {
                try
                {
                    unhealthy.AddRange((await client.ComponentsAsync(node, token)).Where(c => !c.Healthy).Select(c => $"{node.Name}/{c.Name}: {c.State}, {c.HealthDetail}"));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // A busy node answers late; the next round asks again.
                    unhealthy.Add($"{node.Name}: supervisor did not answer ({ex.Message})");
                }
            }
            return (unhealthy.Count == 0, unhealthy.Count == 0 ? "all healthy" : string.Join("; ", unhealthy));
        }, ct: ct);
    }

    /// <summary>What a person needs to see when up fails: each node's container state, unhealthy components and their last log lines.</summary>
    private async Task<string> DiagnoseAsync(LabState state)
    {
        var report = new System.Text.StringBuilder();
        var paths = LabPaths.For(state.Name);
        if (!File.Exists(Path.Combine(paths.Pki, SupervisorTls.CaFile)))
        {
            // Failed before the certificates were written: no node was started either.
            return "";
        }
        using var client = new SupervisorClient(paths, TimeSpan.FromSeconds(1));
        foreach (var node in state.LabNodes())
        {
            var container = await engine.InspectAsync(LabLabels.ContainerName(state.Name, node.Name));
            if (container is null)
            {
                continue;
            }
            if (container.State != ContainerState.Running)
            {
                var logs = await engine.LogsAsync(container.Id, 15);
                report.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {node.Name}: container {container.State}; last output:{Environment.NewLine}{Indent(logs)}");
                continue;
            }
            try
            {
                foreach (var c in (await client.ComponentsAsync(node)).Where(c => !c.Healthy))
                {
                    var log = await client.LogAsync(node, c.Name, 15);
                    report.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {node.Name}/{c.Name}: {c.State}, restarts {c.Restarts}, {c.HealthDetail}; last log lines:{Environment.NewLine}{Indent(log)}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or LabException)
            {
                report.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {node.Name}: supervisor does not answer ({ex.Message})");
            }
        }
        return report.Length == 0 ? "" : Environment.NewLine + "Diagnostics:" + report;
    }

    private static string Indent(string text) =>
        string.Join(Environment.NewLine, text.TrimEnd().Split('\n').Select(l => "      " + l.TrimEnd('\r')));
}
