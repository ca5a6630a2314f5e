using System.Text.Json;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Network;
using global::Docker.DotNet;

namespace ChaosLab.Lab.Lifecycle;

/// <summary>
/// Removes every trace of one lab, in this order: its containers, network, volumes, host firewall rules and folder.
/// It never stops at an error: an object that will not go is recorded with the reason and the rest still go, so a
/// half-removed lab is reported (and finished by the next `down` or the reaper) instead of wedging the machine.
/// </summary>
public static class LabDown
{
    /// <param name="labId">Only objects of this lab instance; null removes every object with the lab's name.</param>
    public static Task<RemovedObjects> RunAsync(IContainerEngine engine, string labName, string? labId, CancellationToken ct = default) =>
        RunAsync(engine, labName, labId, new TeardownOptions(), ct);

    /// <inheritdoc cref="RunAsync(IContainerEngine, string, string?, CancellationToken)"/>
    public static async Task<RemovedObjects> RunAsync(IContainerEngine engine, string labName, string? labId, TeardownOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        var selector = labId is null ? $"{LabLabels.Lab}={labName}" : $"{LabLabels.LabId}={labId}";
        var remaining = new List<RemainingObject>();

        // Containers first: a network goes only once nothing is attached to it, a volume once nothing uses it.
        var containers = await ListAsync("containers", selector, token => engine.ListContainersAsync(selector, token), remaining, ct);
        var containersLeft = await Task.WhenAll(containers.Select(c => RemoveContainerAsync(engine, c, options, ct)));
        remaining.AddRange(containersLeft.OfType<RemainingObject>());

        var networks = await ListAsync("networks", selector, token => engine.ListNetworksAsync(selector, token), remaining, ct);
        var networksLeft = new List<RemainingObject>();
        foreach (var network in networks)
        {
            if (await RemoveNetworkAsync(engine, network, options, ct) is { } left)
            {
                networksLeft.Add(left);
            }
        }
        remaining.AddRange(networksLeft);

        var volumes = await ListAsync("volumes", selector, token => engine.ListVolumesAsync(selector, token), remaining, ct);
        var volumesLeft = 0;
        foreach (var volume in volumes)
        {
            try
            {
                await engine.RemoveVolumeAsync(volume.Name, ct);
            }
            catch (Exception ex) when (IsFailure(ex, ct))
            {
                remaining.Add(new RemainingObject("volume", volume.Name, Reason(ex)));
                volumesLeft++;
            }
        }

        var rules = await RemoveFirewallRulesAsync(options.Firewall, labName, labId, remaining, ct);
        var folder = RemoveFolder(options.Paths(labName), labId, remaining);
        return new RemovedObjects(containers.Count - containersLeft.Count(c => c is not null), networks.Count - networksLeft.Count,
            volumes.Count - volumesLeft, rules, folder)
        {
            Remaining = remaining,
        };
    }

    /// <summary>Returns what stays (null when the container is gone). A failure is tried again for a while: a kill may still be landing.</summary>
    private static async Task<RemainingObject?> RemoveContainerAsync(IContainerEngine engine, ContainerInfo container, TeardownOptions options, CancellationToken ct)
    {
        var result = await Waiter.PollAsync(options.ContainerRetry, async token =>
        {
            try
            {
                await engine.RemoveContainerAsync(container.Id, token);
                return (true, "removed");
            }
            catch (Exception ex) when (IsFailure(ex, ct))
            {
                return (false, Reason(ex));
            }
        }, options.RetryInterval, ct: ct);
        return result.Done ? null : new RemainingObject("container", container.Name, result.LastState);
    }

    /// <summary>
    /// Returns what stays (null when the network is gone). "Active endpoints" is tried again for a while (a container killed a moment
    /// ago may still be detaching); if they remain, they are disconnected by force and the removal is tried again.
    /// </summary>
    private static async Task<RemainingObject?> RemoveNetworkAsync(IContainerEngine engine, LabeledObject network, TeardownOptions options, CancellationToken ct)
    {
        try
        {
            if ((await TryRemoveNetworkAsync(engine, network, options, ct)).Done)
            {
                return null;
            }
            string disconnected;
            try
            {
                var names = await engine.DisconnectAllAsync(network.Id, ct);
                disconnected = names.Count == 0 ? "no endpoint left to disconnect" : "disconnected by force: " + string.Join(", ", names);
            }
            catch (Exception ex) when (IsFailure(ex, ct))
            {
                disconnected = "disconnecting its endpoints by force failed: " + Reason(ex);
            }
            var retried = await TryRemoveNetworkAsync(engine, network, options, ct);
            return retried.Done ? null : new RemainingObject("network", network.Name, $"{retried.LastState} ({disconnected})");
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            return new RemainingObject("network", network.Name, Reason(ex));
        }
    }

    /// <summary>Only "active endpoints" means "not yet"; any other error ends the wait and is the reason the network stays.</summary>
    private static Task<WaitResult> TryRemoveNetworkAsync(IContainerEngine engine, LabeledObject network, TeardownOptions options, CancellationToken ct) =>
        Waiter.PollAsync(options.NetworkRetry, async token =>
        {
            try
            {
                await engine.RemoveNetworkAsync(network.Id, token);
                return (true, "removed");
            }
            catch (Exception ex) when (HasActiveEndpoints(ex))
            {
                return (false, Reason(ex));
            }
        }, options.RetryInterval, ct: ct);

    private static async Task<int> RemoveFirewallRulesAsync(IHostFirewall firewall, string labName, string? labId, List<RemainingObject> remaining, CancellationToken ct)
    {
        var labPrefix = $"{LabLabels.FirewallCommentPrefix}{labName}:";
        var comment = labId is null ? labPrefix + "*" : labPrefix + labId;
        IReadOnlyList<FirewallRule> rules;
        try
        {
            rules = (await firewall.ListAsync(ct))
                .Where(r => labId is null ? r.Comment.StartsWith(labPrefix, StringComparison.Ordinal) : r.Comment == comment)
                .ToList();
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            remaining.Add(new RemainingObject("firewall rules", comment, "could not be listed: " + Reason(ex)));
            return 0;
        }
        var removed = 0;
        foreach (var rule in rules)
        {
            try
            {
                await firewall.RemoveAsync(rule, ct);
                removed++;
            }
            catch (Exception ex) when (IsFailure(ex, ct))
            {
                remaining.Add(new RemainingObject("firewall rule", $"{rule.Comment} in {rule.Chain}", Reason(ex)));
            }
        }
        return removed;
    }

    private static bool RemoveFolder(LabPaths paths, string? labId, List<RemainingObject> remaining)
    {
        try
        {
            // A folder of another instance of the same name (a newer `up`) is not this instance's to remove.
            if (!Directory.Exists(paths.Root) || (labId is not null && LabState.TryLoad(paths) is { } state && state.Id != labId))
            {
                return false;
            }
            Directory.Delete(paths.Root, recursive: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            remaining.Add(new RemainingObject("lab folder", paths.Root, ex.Message));
            return false;
        }
    }

    private static async Task<IReadOnlyList<T>> ListAsync<T>(string kind, string selector, Func<CancellationToken, Task<IReadOnlyList<T>>> list, List<RemainingObject> remaining, CancellationToken ct)
    {
        try
        {
            return await list(ct);
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            remaining.Add(new RemainingObject(kind, $"labelled {selector}", "could not be listed: " + Reason(ex)));
            return [];
        }
    }

    /// <summary>Docker refuses to remove a network while endpoints are attached: "error while removing network: ... has active endpoints".</summary>
    private static bool HasActiveEndpoints(Exception error) => error.Message.Contains("active endpoints", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every error counts as this object's failure, except the caller's own cancellation.</summary>
    private static bool IsFailure(Exception ex, CancellationToken ct) => !(ex is OperationCanceledException && ct.IsCancellationRequested);

    /// <summary>What Docker said ("network ... has active endpoints"), without the HTTP wrapping; for other errors, their message.</summary>
    private static string Reason(Exception ex)
    {
        if (ex is DockerApiException { ResponseBody: { Length: > 0 } body })
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message)
                    && message.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
            catch (JsonException)
            {
            }
            return body.Trim();
        }
        return ex.Message;
    }
}

/// <summary>What `down` removed, counted by kind, and what it could not remove (<see cref="Remaining"/>), each with the reason.</summary>
public sealed record RemovedObjects(int Containers, int Networks, int Volumes, int FirewallRules, bool Folder)
{
    public IReadOnlyList<RemainingObject> Remaining { get; init; } = [];

    /// <summary>Something was removed.</summary>
    public bool Any => Containers + Networks + Volumes + FirewallRules > 0 || Folder;

    /// <summary>Nothing of the lab is left.</summary>
    public bool Complete => Remaining.Count == 0;

    /// <summary>The lab had something on this machine: removed or not.</summary>
    public bool Found => Any || !Complete;

    public override string ToString() =>
        $"{Containers} containers, {Networks} networks, {Volumes} volumes, {FirewallRules} firewall rules{(Folder ? ", lab folder" : "")}";
}

/// <summary>An object of a lab that is still there after `down`: its kind ("container", "network" ...), its name, and why it stayed.</summary>
public sealed record RemainingObject(string Kind, string Name, string Reason)
{
    public override string ToString() => $"{Kind} {Name}: {Reason}";
}
