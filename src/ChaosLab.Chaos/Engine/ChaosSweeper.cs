using ChaosLab.Chaos.Mechanisms;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.NodeApi;

namespace ChaosLab.Chaos.Engine;

/// <summary>
/// Finds and removes what faults leave behind when nobody healed them (a crash, a killed test run):
/// chaos iptables rules, our tbf qdiscs, paused or stopped node containers, stopped or paused
/// components, and latency helpers. Works from the nodes' actual state plus the state files.
/// </summary>
public static class ChaosSweeper
{
    /// <summary>What is left in the environment's nodes, one line each; empty when clean.</summary>
    public static async Task<IReadOnlyList<string>> FindLeftoversAsync(ChaosEnvironment env, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        var found = new List<string>();
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in env.Nodes)
        {
            var info = await env.Engine.InspectAsync(node.Container, ct);
            if (info is null)
            {
                continue;
            }
            if (info.Pid > 0 && DelayHelper.NetworkNamespaceOf(info.Pid) is { } ns)
            {
                namespaces.Add(ns);
            }
            if (info.State == ContainerState.Paused)
            {
                found.Add($"{node}: container paused");
            }
            else if (info.State != ContainerState.Running)
            {
                found.Add($"{node}: container {info.State}");
                continue;
            }
            found.AddRange((await ChaosRules.ListAsync(info.Pid, null, ct)).Select(r => $"{node}: rule {r}"));
            var qdisc = await TrafficShaper.ShowAsync(info.Pid, ct);
            if (qdisc.Contains(TrafficShaper.Handle, StringComparison.Ordinal))
            {
                found.Add($"{node}: qdisc {qdisc.Trim()}");
            }
            if (env.Lab is not null && info.State == ContainerState.Running)
            {
                found.AddRange((await ComponentsAsync(env, node, ct))
                    .Where(c => c.State is ComponentState.Stopped or ComponentState.Paused)
                    .Select(c => $"{node}: component {c.Name} {c.State}"));
            }
        }
        found.AddRange(DelayHelper.RunningIn(namespaces).Select(pid => $"latency helper pid {pid} still running"));
        found.AddRange(new ChaosStateFile(env.Scope).Read().Select(r => $"state file lists active fault {r.Id} {r.Description} (owner {r.Owner})"));
        return found;
    }

    /// <summary>Heals everything found in the environment's nodes and clears its state file.</summary>
    public static async Task<IReadOnlyList<string>> SweepAsync(ChaosEnvironment env, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        var done = new List<string>();
        var state = new ChaosStateFile(env.Scope);
        foreach (var record in state.Read())
        {
            done.AddRange(record.Helpers.Where(StopHelper).Select(h => $"stopped latency helper {h}"));
            RemoveHelperLogs(record);
        }
        foreach (var node in env.Nodes)
        {
            done.AddRange(await SweepNodeAsync(env, node, ct));
        }
        if (env.Agent is { } agent)
        {
            // Whatever an agent holds that no fault healed (its own heal-all: rules, qdisc, helpers, paused processes).
            foreach (var node in agent.Pods.Keys)
            {
                done.AddRange((await agent.DoAsync(node, ["heal"], ct: ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"{node}: agent {l}"));
            }
        }
        state.Delete();
        return done;
    }

    /// <summary>
    /// Heals faults whose owning process is gone (all state files on this machine): what a new run
    /// does first, so a crashed run never leaves a cluster broken.
    /// </summary>
    public static async Task<IReadOnlyList<string>> HealOrphansAsync(IContainerEngine engine, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var done = new List<string>();
        foreach (var file in ChaosStateFile.All())
        {
            foreach (var record in file.Read().Where(r => r.Owner != ActiveFaultRecord.HeldOwner && !ProcessIdentity.IsAlive(r.Owner)))
            {
                try
                {
                    done.AddRange(record.Helpers.Where(StopHelper).Select(h => $"stopped latency helper {h}"));
                    foreach (var container in record.Containers)
                    {
                        done.AddRange(await HealContainerAsync(engine, container, record, ct));
                    }
                    file.Remove(record.Id);
                    RemoveHelperLogs(record);
                    done.Add($"healed orphaned fault {record.Id} ({record.Description}) of {record.Owner}");
                }
                catch (ChaosException ex)
                {
                    // One fault that cannot be healed now must not stop the others; it stays listed for `chaos heal`.
                    done.Add($"could not heal orphaned fault {record.Id} ({record.Description}): {ex.Message}");
                }
            }
        }
        return done;
    }

    private static async Task<IReadOnlyList<string>> HealContainerAsync(IContainerEngine engine, string container, ActiveFaultRecord record, CancellationToken ct)
    {
        var done = new List<string>();
        var info = await engine.InspectAsync(container, ct);
        if (info is null)
        {
            return done;
        }
        if (info.State == ContainerState.Paused && record.Name == "node-pause")
        {
            await engine.UnpauseAsync(container, ct);
            done.Add($"unpaused {container}");
        }
        else if (info.State is ContainerState.Exited or ContainerState.Created && record.Name is "node-kill" or "node-stop" or "node-reboot")
        {
            await engine.StartAsync(container, ct);
            done.Add($"started {container}");
        }
        if (await engine.InspectAsync(container, ct) is { Pid: > 0 } running)
        {
            var rules = await ChaosRules.DeleteAsync(running.Pid, record.Id, ct);
            if (rules > 0)
            {
                done.Add($"{container}: removed {rules} rules");
            }
            if (record.Name == "bandwidth" && await TrafficShaper.RemoveAsync(running.Pid, ct))
            {
                done.Add($"{container}: removed the tbf qdisc");
            }
            if (record.Name.StartsWith("component-", StringComparison.Ordinal) || record.Name.StartsWith("etcd-", StringComparison.Ordinal))
            {
                done.AddRange(await RestartComponentsAsync(running, ct));
            }
        }
        return done;
    }

    private static async Task<IReadOnlyList<string>> SweepNodeAsync(ChaosEnvironment env, ChaosNode node, CancellationToken ct)
    {
        var done = new List<string>();
        var info = await env.Engine.InspectAsync(node.Container, ct);
        if (info is null)
        {
            return done;
        }
        if (info.State == ContainerState.Paused)
        {
            await env.Engine.UnpauseAsync(node.Container, ct);
            done.Add($"{node}: unpaused");
        }
        else if (info.State is ContainerState.Exited or ContainerState.Created)
        {
            await env.Engine.StartAsync(node.Container, ct);
            done.Add($"{node}: started");
        }
        if (await Netns.TryPidAsync(env.Engine, node, ct) is not { } pid)
        {
            return done;
        }
        var rules = await ChaosRules.DeleteAsync(pid, null, ct);
        if (rules > 0)
        {
            done.Add($"{node}: removed {rules} chaos rules");
        }
        if (await TrafficShaper.RemoveAsync(pid, ct))
        {
            done.Add($"{node}: removed the tbf qdisc");
        }
        if (env.Lab is not null)
        {
            foreach (var component in await ComponentsAsync(env, node, ct))
            {
                var verb = component.State switch
                {
                    ComponentState.Stopped => ComponentActions.Start,
                    ComponentState.Paused => ComponentActions.Resume,
                    _ => null,
                };
                if (verb is not null)
                {
                    await env.Supervisor!.ActAsync(env.LabNode(node), component.Name, verb, ct);
                    done.Add($"{node}: {verb} {component.Name}");
                }
            }
        }
        return done;
    }

    private static async Task<IReadOnlyList<string>> RestartComponentsAsync(ContainerInfo container, CancellationToken ct)
    {
        if (!container.Labels.TryGetValue(Lab.LabLabels.Lab, out var labName) || !container.Labels.TryGetValue(Lab.LabLabels.Node, out var nodeName))
        {
            return [];
        }
        var lab = LabState.TryLoad(Lab.LabPaths.For(labName));
        if (lab?.Find(nodeName) is not { } labNode)
        {
            return [];
        }
        using var supervisor = new SupervisorClient(Lab.LabPaths.For(labName), TimeSpan.FromSeconds(3));
        var done = new List<string>();
        foreach (var component in await supervisor.ComponentsAsync(labNode, ct))
        {
            var verb = component.State == ComponentState.Stopped ? ComponentActions.Start : component.State == ComponentState.Paused ? ComponentActions.Resume : null;
            if (verb is not null)
            {
                await supervisor.ActAsync(labNode, component.Name, verb, ct);
                done.Add($"{nodeName}: {verb} {component.Name}");
            }
        }
        return done;
    }

    private static async Task<IReadOnlyList<ComponentStatus>> ComponentsAsync(ChaosEnvironment env, ChaosNode node, CancellationToken ct)
    {
        try
        {
            return await env.Supervisor!.ComponentsAsync(env.LabNode(node), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return [];
        }
    }

    private static bool StopHelper(string identity) => DelayHelper.Stop(identity);

    private static void RemoveHelperLogs(ActiveFaultRecord record)
    {
        if (Directory.Exists(DelayHelper.LogDirectory))
        {
            foreach (var log in Directory.GetFiles(DelayHelper.LogDirectory, $"{record.Id}-*.log"))
            {
                File.Delete(log);
            }
        }
    }
}
