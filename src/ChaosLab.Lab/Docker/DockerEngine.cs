using System.Net;
using global::Docker.DotNet;
using global::Docker.DotNet.Models;

namespace ChaosLab.Lab.Docker;

/// <summary>The Docker engine through Docker.DotNet, on the local socket.</summary>
public sealed class DockerEngine : IContainerEngine, IDisposable
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    private readonly DockerClient _client;

    public DockerEngine(string? endpoint = null)
    {
        var uri = new Uri(endpoint ?? Environment.GetEnvironmentVariable("DOCKER_HOST") ?? DefaultSocket);
        _client = new DockerClientConfiguration(uri, defaultTimeout: TimeSpan.FromMinutes(5)).CreateClient();
    }

    /// <summary>Fails with a message that says what to run when the engine does not answer.</summary>
    public async Task EnsureReachableAsync(CancellationToken ct = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await _client.System.PingAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or DockerApiException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new LabException($"the Docker engine at {_client.Configuration.EndpointBaseUri} does not answer ({ex.Message}); run scripts/setup to install and start it");
        }
    }

    public async Task<bool> ImageExistsAsync(string reference, CancellationToken ct = default)
    {
        try
        {
            await _client.Images.InspectImageAsync(reference, ct);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    public async Task ImportImageAsync(string tarPath, string repository, string tag, IReadOnlyList<string> changes, CancellationToken ct = default)
    {
        await using var tar = File.OpenRead(tarPath);
        var parameters = new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag, Changes = changes.ToList() };
        await _client.Images.CreateImageAsync(parameters, tar, null, null, new Progress<JSONMessage>(), ct);
    }

    public async Task RemoveImageAsync(string reference, CancellationToken ct = default)
    {
        try
        {
            await _client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = true }, ct);
        }
        catch (DockerImageNotFoundException)
        {
        }
    }

    public async Task<IReadOnlyList<IPNetwork>> UsedSubnetsAsync(CancellationToken ct = default)
    {
        var networks = await _client.Networks.ListNetworksAsync(new NetworksListParameters(), ct);
        return networks
            .SelectMany(n => n.IPAM?.Config ?? [])
            .Select(c => c.Subnet)
            .Where(s => !string.IsNullOrEmpty(s) && IPNetwork.TryParse(s, out _))
            .Select(s => IPNetwork.Parse(s))
            .ToList();
    }

    public async Task<string> CreateNetworkAsync(NetworkRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _client.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = request.Name,
            Driver = "bridge",
            Internal = true,
            CheckDuplicate = true,
            Labels = request.Labels.ToDictionary(),
            Options = new Dictionary<string, string> { ["com.docker.network.bridge.name"] = request.BridgeName },
            IPAM = new IPAM
            {
                Driver = "default",
                Config = [new IPAMConfig { Subnet = request.Subnet.ToString(), Gateway = request.Gateway.ToString() }],
            },
        }, ct);
        return response.ID;
    }

    public async Task RemoveNetworkAsync(string nameOrId, CancellationToken ct = default)
    {
        try
        {
            await _client.Networks.DeleteNetworkAsync(nameOrId, ct);
        }
        catch (DockerNetworkNotFoundException)
        {
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    public async Task<IReadOnlyList<LabeledObject>> ListNetworksAsync(string label, CancellationToken ct = default)
    {
        var networks = await _client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = LabelFilter(label) }, ct);
        return networks.Select(n => new LabeledObject(n.ID, n.Name, ToDictionary(n.Labels))).ToList();
    }

    public async Task<IReadOnlyList<string>> DisconnectAllAsync(string network, CancellationToken ct = default)
    {
        NetworkResponse inspected;
        try
        {
            inspected = await _client.Networks.InspectNetworkAsync(network, ct);
        }
        catch (DockerNetworkNotFoundException)
        {
            return [];
        }
        var disconnected = new List<string>();
        foreach (var (id, endpoint) in inspected.Containers ?? new Dictionary<string, EndpointResource>())
        {
            // By name: a stale endpoint's container is gone, and the engine finds such an endpoint only by the name it had.
            var container = string.IsNullOrEmpty(endpoint.Name) ? id : endpoint.Name;
            await _client.Networks.DisconnectNetworkAsync(network, new NetworkDisconnectParameters { Container = container, Force = true }, ct);
            disconnected.Add(container);
        }
        return disconnected;
    }

    public async Task CreateContainerAsync(ContainerRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = request.Name,
            Hostname = request.Hostname,
            Image = request.Image,
            Cmd = request.Command.ToList(),
            Labels = request.Labels.ToDictionary(),
            Env = request.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            HostConfig = new HostConfig
            {
                // --privileged fails on this kernel (no CAP_SYS_RESOURCE in the bounding set); this set works.
                CapAdd = ["ALL"],
                CapDrop = ["SYS_RESOURCE"],
                SecurityOpt = ["seccomp=unconfined", "apparmor=unconfined"],
                // The API form of `--security-opt systempaths=unconfined`: /proc and /sys unmasked and writable.
                MaskedPaths = [],
                ReadonlyPaths = [],
                Binds = request.ReadOnlyBinds.Select(b => b + ":ro").ToList(),
                Mounts = (request.Volumes ?? []).Select(v => new Mount
                {
                    Type = "volume",
                    Source = v.Name,
                    Target = v.Target,
                    VolumeOptions = new VolumeOptions { Labels = request.Labels.ToDictionary() },
                }).ToList(),
                Tmpfs = new Dictionary<string, string> { ["/run"] = "rw,exec", ["/tmp"] = "rw,exec" },
                Sysctls = new Dictionary<string, string>
                {
                    ["net.ipv4.ip_forward"] = "1",
                    ["net.ipv4.conf.all.rp_filter"] = "0",
                },
                NetworkMode = request.Network,
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings>
                {
                    [request.Network] = new()
                    {
                        IPAMConfig = new EndpointIPAMConfig { IPv4Address = request.Address.ToString() },
                        Aliases = [request.Hostname],
                    },
                },
            },
        }, ct);
    }

    public Task StartAsync(string container, CancellationToken ct = default) =>
        _client.Containers.StartContainerAsync(container, new ContainerStartParameters(), ct);

    public Task StopAsync(string container, TimeSpan grace, CancellationToken ct = default) =>
        _client.Containers.StopContainerAsync(container, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)grace.TotalSeconds }, ct);

    public Task KillAsync(string container, string signal = "KILL", CancellationToken ct = default) =>
        _client.Containers.KillContainerAsync(container, new ContainerKillParameters { Signal = signal }, ct);

    public Task RestartAsync(string container, TimeSpan grace, CancellationToken ct = default) =>
        _client.Containers.RestartContainerAsync(container, new ContainerRestartParameters { WaitBeforeKillSeconds = (uint)grace.TotalSeconds }, ct);

    public Task PauseAsync(string container, CancellationToken ct = default) => _client.Containers.PauseContainerAsync(container, ct);

    public Task UnpauseAsync(string container, CancellationToken ct = default) => _client.Containers.UnpauseContainerAsync(container, ct);

    public async Task RemoveContainerAsync(string container, CancellationToken ct = default)
    {
        try
        {
            await _client.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    public async Task<ExecResult> ExecAsync(string container, IReadOnlyList<string> command, CancellationToken ct = default)
    {
        var exec = await _client.Exec.ExecCreateContainerAsync(container, new ContainerExecCreateParameters
        {
            Cmd = command.ToList(),
            AttachStdout = true,
            AttachStderr = true,
        }, ct);
        using var stream = await _client.Exec.StartAndAttachContainerExecAsync(exec.ID, false, ct);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
        var inspect = await _client.Exec.InspectContainerExecAsync(exec.ID, ct);
        return new ExecResult(inspect.ExitCode, stdout, stderr);
    }

    public async Task<string> LogsAsync(string container, int tail, CancellationToken ct = default)
    {
        using var stream = await _client.Containers.GetContainerLogsAsync(container, false, new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Tail = tail.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, ct);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
        return stdout + stderr;
    }

    public async Task CopyFromAsync(string container, string path, string destination, CancellationToken ct = default)
    {
        var archive = await _client.Containers.GetArchiveFromContainerAsync(container, new GetArchiveFromContainerParameters { Path = path }, false, ct);
        // Extracting straight from the response stream failed with "read past the end of the stream"
        // after the first file; the same archive copied to a file first extracts whole.
        var tar = Path.GetTempFileName();
        try
        {
            await using (var stream = archive.Stream)
            await using (var file = File.Create(tar))
            {
                await stream.CopyToAsync(file, ct);
            }
            Directory.CreateDirectory(destination);
            await System.Formats.Tar.TarFile.ExtractToDirectoryAsync(tar, destination, overwriteFiles: true, ct);
        }
        finally
        {
            File.Delete(tar);
        }
    }

    public async Task<ContainerInfo?> InspectAsync(string container, CancellationToken ct = default)
    {
        try
        {
            var c = await _client.Containers.InspectContainerAsync(container, ct);
            DateTimeOffset? started = DateTimeOffset.TryParse(c.State?.StartedAt, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;
            var endpoints = (c.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>())
                .Where(n => IPAddress.TryParse(n.Value.IPAddress, out _))
                .Select(n => new ContainerEndpoint(n.Key, IPAddress.Parse(n.Value.IPAddress), n.Value.MacAddress ?? ""))
                .ToList();
            return new ContainerInfo(c.ID, c.Name.TrimStart('/'), ParseState(c.State?.Status), ToDictionary(c.Config?.Labels), started)
            {
                Pid = (int)(c.State?.Pid ?? 0),
                Endpoints = endpoints,
            };
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(string label, CancellationToken ct = default)
    {
        var containers = await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = LabelFilter(label) }, ct);
        return containers
            .Select(c => new ContainerInfo(c.ID, c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID, ParseState(c.State), ToDictionary(c.Labels), null))
            .ToList();
    }

    public async Task<long> MemoryUsageBytesAsync(string container, CancellationToken ct = default)
    {
        ContainerStatsResponse? last = null;
        await _client.Containers.GetContainerStatsAsync(container, new ContainerStatsParameters { Stream = false, OneShot = true },
            new Progress<ContainerStatsResponse>(s => last = s), ct);
        // Give the progress callback (posted to the thread pool) a moment to land.
        for (var i = 0; i < 50 && last is null; i++)
        {
            await Task.Delay(10, ct);
        }
        if (last?.MemoryStats is not { } memory)
        {
            return 0;
        }
        // As `docker stats` shows it on cgroup v1: usage minus page cache.
        var cache = memory.Stats is not null && memory.Stats.TryGetValue("total_inactive_file", out var inactive) ? (long)inactive : 0;
        return (long)memory.Usage - cache;
    }

    public async Task<IReadOnlyList<LabeledObject>> ListVolumesAsync(string label, CancellationToken ct = default)
    {
        var volumes = await _client.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter(label) }, ct);
        return (volumes.Volumes ?? []).Select(v => new LabeledObject(v.Name, v.Name, ToDictionary(v.Labels))).ToList();
    }

    public Task RemoveVolumeAsync(string name, CancellationToken ct = default) => _client.Volumes.RemoveAsync(name, true, ct);

    public void Dispose() => _client.Dispose();

    private static Dictionary<string, IDictionary<string, bool>> LabelFilter(string label) =>
        new() { ["label"] = new Dictionary<string, bool> { [label] = true } };

    private static Dictionary<string, string> ToDictionary(IDictionary<string, string>? labels) =>
        labels is null ? [] : new Dictionary<string, string>(labels);

    private static ContainerState ParseState(string? state) =>
        Enum.TryParse<ContainerState>(state, ignoreCase: true, out var parsed) ? parsed : ContainerState.Unknown;
}
