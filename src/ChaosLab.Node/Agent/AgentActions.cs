using System.Globalization;
using System.Net;
using ChaosLab.Node.Supervisor;

namespace ChaosLab.Node.Agent;

/// <summary>
/// What the agent does on its node, in the node's network namespace (hostNetwork) and PID namespace (hostPID):
/// the same mechanisms as the Docker provider's (iptables DROP and statistic rules, a tbf qdisc with handle
/// "cafe:", the NFQUEUE netdelay helper), and signals to component processes found by their command line.
/// Every change is tagged with its fault id and undone by <see cref="HealAsync"/>.
/// </summary>
internal sealed class AgentActions(string procRoot, string stateFolder, IPAddress? nodeAddress)
{
    public const string QdiscHandle = "cafe:";
    private const string NetDelaySubcommand = "netdelay";

    private readonly PauseLedger _paused = new(stateFolder);

    public static async Task<string> DropAsync(AgentRequest request, CancellationToken ct)
    {
        var rules = AgentRules.ForDrop(request);
        await InsertAsync(rules, ct);
        return $"{rules.Count} rules: {string.Join("; ", rules)}";
    }

    public async Task<string> BandwidthAsync(AgentRequest request, CancellationToken ct)
    {
        var device = await DeviceAsync(request.Device, ct);
        var existing = (await Tools.RunAsync("tc", ["qdisc", "show", "dev", device], ct: ct)).StandardOutput;
        if (existing.Contains(QdiscHandle, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{device} already has a chaos bandwidth limit ({existing.Trim()}); heal it first");
        }
        var burst = request.BurstBytes.ToString(CultureInfo.InvariantCulture);
        await Tools.RunAsync("tc", ["qdisc", "add", "dev", device, "root", "handle", QdiscHandle, "tbf", "rate", request.Rate!, "burst", burst, "latency", "400ms"], ct: ct);
        Directory.CreateDirectory(stateFolder);
        await File.WriteAllTextAsync(Path.Combine(stateFolder, "qdisc-" + request.FaultId), device, ct);
        return $"tbf rate {request.Rate} burst {burst} B on {device}";
    }

    public async Task<string> LatencyAsync(AgentRequest request, CancellationToken ct)
    {
        var device = await DeviceAsync(request.Device, ct);
        var queue = Random.Shared.Next(1000, 60000);
        Directory.CreateDirectory(stateFolder);
        var log = Path.Combine(stateFolder, $"helper-{request.FaultId}.log");
        string[] self = Environment.ProcessPath is { } path && Path.GetFileName(path) == "dotnet"
            ? [path, typeof(AgentActions).Assembly.Location]
            : [Environment.ProcessPath ?? throw new InvalidOperationException("the agent cannot find its own executable")];
        string[] helper = [.. self, NetDelaySubcommand, "--queue", queue.ToString(CultureInfo.InvariantCulture),
            "--delay", Ms(request.Delay), "--jitter", Ms(request.Jitter)];
        // setsid: the helper outlives this exec session; sh prints its PID.
        var script = $"setsid {string.Join(' ', helper.Select(Quote))} >{Quote(log)} 2>&1 </dev/null & echo $!";
        var pid = int.Parse((await Tools.RunAsync("/bin/sh", ["-c", script], ct: ct)).StandardOutput.Trim(), CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(stateFolder, "helper-" + request.FaultId), pid.ToString(CultureInfo.InvariantCulture), ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!(File.Exists(log) && (await File.ReadAllTextAsync(log, ct)).Contains("ready", StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline || !Directory.Exists(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture))))
            {
                throw new InvalidOperationException($"the latency helper did not start: {(File.Exists(log) ? (await File.ReadAllTextAsync(log, ct)).Trim() : "no output")}");
            }
            await Task.Delay(100, ct);
        }
        var rules = AgentRules.ForLatency(request, device, queue);
        await InsertAsync(rules, ct);
        return string.Create(CultureInfo.InvariantCulture, $"netdelay helper pid {pid} on queue {queue}; {rules.Count} NFQUEUE rules on {device}");
    }

    public IReadOnlyList<ProcessEntry> Ps(string component) => ComponentProcessFinder.Find(procRoot, component);

    public string Signal(AgentRequest request)
    {
        var component = request.Component!;
        if (request.Action == SignalAction.Resume)
        {
            return Resume(request.FaultId!, component);
        }
        var processes = Ps(component);
        if (processes.Count == 0)
        {
            throw new InvalidOperationException($"no {component} process runs on this node");
        }
        foreach (var process in processes)
        {
            Signals.Send(process.Pid, request.Action == SignalAction.Kill ? Signals.SigKill : Signals.SigStop);
        }
        if (request.Action == SignalAction.Pause)
        {
            var resumeAt = DateTimeOffset.UtcNow + request.ResumeAfter;
            _paused.Record(processes.Select(p => new PausedProcess(request.FaultId!, p.Pid, p.StartTicks, resumeAt)));
        }
        return string.Join('\n', processes.Select(p => p.Line()));
    }

    /// <summary>Undoes one fault (or, without an id, everything any agent left on this node); returns what it did.</summary>
    public async Task<IReadOnlyList<string>> HealAsync(string? faultId, CancellationToken ct)
    {
        var done = new List<string>();
        foreach (var chain in AgentRules.Chains)
        {
            var listing = (await Tools.RunAsync("iptables", ["-w", "-S", chain], check: false, ct: ct)).StandardOutput;
            foreach (var line in AgentRules.Ours(listing, faultId))
            {
                var result = await Tools.RunAsync("iptables", AgentRules.DeleteCommand(line), check: false, ct: ct);
                if (result.ExitCode == 0)
                {
                    done.Add("removed rule " + line);
                }
            }
        }
        foreach (var device in await QdiscDevicesAsync(faultId, ct))
        {
            if ((await Tools.RunAsync("tc", ["qdisc", "del", "dev", device, "root", "handle", QdiscHandle], check: false, ct: ct)).ExitCode == 0)
            {
                done.Add($"removed the tbf qdisc of {device}");
            }
        }
        foreach (var pid in Helpers(faultId))
        {
            try
            {
                Signals.Send(pid, Signals.SigTerm);
                done.Add(string.Create(CultureInfo.InvariantCulture, $"stopped latency helper {pid}"));
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        foreach (var paused in _paused.All().Where(p => faultId is null || p.FaultId == faultId))
        {
            done.AddRange(ResumeOne(paused));
        }
        if (faultId is null)
        {
            // Processes a crashed agent left stopped (its ledger went with its container).
            foreach (var component in ComponentProcessFinder.Known)
            {
                foreach (var stopped in Ps(component).Where(p => p.State == 'T'))
                {
                    Signals.Send(stopped.Pid, Signals.SigCont);
                    done.Add(string.Create(CultureInfo.InvariantCulture, $"resumed {component} {stopped.Pid}"));
                }
            }
        }
        Forget(faultId);
        return done;
    }

    /// <summary>Resumes paused processes whose deadline has passed; the agent's loop calls it.</summary>
    public IReadOnlyList<string> ResumeDue()
    {
        var due = _paused.All().Where(p => p.ResumeAt <= DateTimeOffset.UtcNow).ToList();
        var done = due.SelectMany(ResumeOne).ToList();
        foreach (var id in due.Select(p => p.FaultId).Distinct())
        {
            _paused.Forget(id);
        }
        return done;
    }

    public async Task<IReadOnlyList<string>> StatusAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var chain in AgentRules.Chains)
        {
            var listing = (await Tools.RunAsync("iptables", ["-w", "-S", chain], check: false, ct: ct)).StandardOutput;
            lines.AddRange(AgentRules.Ours(listing, null).Select(l => "rule " + l));
        }
        lines.AddRange((await QdiscDevicesAsync(null, ct)).Select(d => $"qdisc {QdiscHandle} on {d}"));
        lines.AddRange(Helpers(null).Select(p => string.Create(CultureInfo.InvariantCulture, $"latency helper {p}")));
        lines.AddRange(_paused.All().Select(p => string.Create(CultureInfo.InvariantCulture, $"paused {p.Pid} for fault {p.FaultId} until {p.ResumeAt:O}")));
        return lines;
    }

    private string Resume(string faultId, string component)
    {
        var done = _paused.All().Where(p => p.FaultId == faultId).SelectMany(ResumeOne).ToList();
        _paused.Forget(faultId);
        // Also what is stopped without a record (the ledger of a restarted agent is gone).
        foreach (var stopped in Ps(component).Where(p => p.State == 'T'))
        {
            Signals.Send(stopped.Pid, Signals.SigCont);
            done.Add(string.Create(CultureInfo.InvariantCulture, $"resumed {stopped.Pid}"));
        }
        return done.Count > 0 ? string.Join('\n', done) : $"nothing of {component} was paused";
    }

    private IEnumerable<string> ResumeOne(PausedProcess paused)
    {
        // Only the same process: a PID reused by another one is left alone.
        var now = ComponentProcessFinder.All(procRoot).FirstOrDefault(p => p.Pid == paused.Pid);
        if (now is null || now.StartTicks != paused.StartTicks)
        {
            yield break;
        }
        Signals.Send(paused.Pid, Signals.SigCont);
        yield return string.Create(CultureInfo.InvariantCulture, $"resumed {paused.Pid}");
    }

    private void Forget(string? faultId)
    {
        if (!Directory.Exists(stateFolder))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(stateFolder).Where(f => faultId is null || Path.GetFileName(f).EndsWith("-" + faultId, StringComparison.Ordinal) || Path.GetFileName(f).EndsWith($"-{faultId}.log", StringComparison.Ordinal)))
        {
            File.Delete(file);
        }
    }

    /// <summary>Latency helpers: the one a fault started, or every netdelay process in this network namespace.</summary>
    private IEnumerable<int> Helpers(string? faultId)
    {
        if (faultId is not null)
        {
            var file = Path.Combine(stateFolder, "helper-" + faultId);
            return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? [pid] : [];
        }
        var ownNamespace = NetworkNamespaceOf("self");
        return ComponentProcessFinder.All(procRoot)
            .Where(p => p.Args.Count > 2 && p.Args.Take(3).Contains(NetDelaySubcommand) && p.Args.Any(a => Path.GetFileName(a).StartsWith("chaoslab-node", StringComparison.Ordinal)))
            .Where(p => NetworkNamespaceOf(p.Pid.ToString(CultureInfo.InvariantCulture)) == ownNamespace)
            .Select(p => p.Pid)
            .ToList();
    }

    private string? NetworkNamespaceOf(string pid)
    {
        try
        {
            return new FileInfo(Path.Combine(procRoot, pid, "ns", "net")).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<string>> QdiscDevicesAsync(string? faultId, CancellationToken ct)
    {
        if (faultId is not null)
        {
            var file = Path.Combine(stateFolder, "qdisc-" + faultId);
            return File.Exists(file) ? [(await File.ReadAllTextAsync(file, ct)).Trim()] : [];
        }
        // "qdisc tbf cafe: dev eth0 root refcnt 2 rate 1Mbit ..."
        var shown = (await Tools.RunAsync("tc", ["qdisc", "show"], check: false, ct: ct)).StandardOutput;
        return shown.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length > 4 && w[2] == QdiscHandle && w[3] == "dev")
            .Select(w => w[4])
            .Distinct()
            .ToList();
    }

    private async Task<string> DeviceAsync(string? requested, CancellationToken ct)
    {
        if (requested is { Length: > 0 } and not "auto")
        {
            return requested;
        }
        var address = nodeAddress ?? throw new InvalidOperationException("the agent does not know its node's address (HOST_IP): pass --dev");
        var shown = (await Tools.RunAsync("ip", ["-o", "addr", "show"], ct: ct)).StandardOutput;
        return NodeInterfaces.Holding(shown, address) ?? throw new InvalidOperationException($"no interface holds the node address {address}: pass --dev");
    }

    private static async Task InsertAsync(IReadOnlyList<IptablesRule> rules, CancellationToken ct)
    {
        foreach (var command in AgentRules.InsertCommands(rules))
        {
            await Tools.RunAsync("iptables", command, ct: ct);
        }
    }

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
