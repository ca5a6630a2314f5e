using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ChaosLab.Network.Commands;

namespace ChaosLab.Network.Tests.Shaping;

/// <summary>
/// `chaoslab-node netdelay` for real, in a throw-away network namespace of the host: an NFQUEUE rule
/// sends only ICMP echo requests on that namespace's loopback to the helper, and ping to 127.0.0.1
/// there measures what it does. Nothing leaves the namespace.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed partial class NetDelayTests
{
    private string _netns = "";
    private ushort _queue;
    private NetDelayProcess? _helper;

    [SetUp]
    public async Task CreateNamespace()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("needs root: network namespaces and iptables");
        }
        _netns = $"clnd-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        _queue = (ushort)RandomNumberGenerator.GetInt32(1, 65536);
        await HostCommand.RunAsync("create the test namespace", "ip", ["netns", "add", _netns]);
        await HostCommand.RunAsync("bring its loopback up", "ip", ["-n", _netns, "link", "set", "lo", "up"]);
    }

    [TearDown]
    public async Task DeleteNamespace()
    {
        if (_helper is not null)
        {
            await _helper.DisposeAsync();
            _helper = null;
        }
        if (_netns.Length > 0)
        {
            await HostCommand.TryRunAsync("ip", ["netns", "del", _netns]);
            var left = await HostCommand.TryRunAsync("ip", ["netns", "list"]);
            Assert.That(left.Stdout, Does.Not.Contain(_netns), "the test namespace is still there");
        }
    }

    [Test]
    public async Task A_delay_of_100ms_raises_the_median_round_trip_by_about_100ms()
    {
        var baseline = Median(await PingRttsAsync(20, "0.05"));
        await QueueEchoRequestsAsync();
        await StartHelperAsync("--delay", "100ms");

        var delayedRtts = await PingRttsAsync(20, "0.05");
        var delayed = Median(delayedRtts);
        var exitCode = await _helper!.StopAsync();

        await TestContext.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"netdelay 100ms: baseline median {baseline:0.000} ms, delayed median {delayed:0.000} ms"));
        Assert.That(delayedRtts, Has.Count.EqualTo(20), "every delayed ping must come back");
        Assert.That(delayed - baseline, Is.InRange(80.0, 120.0));
        Assert.That(exitCode, Is.Zero, _helper.Stderr);
        Assert.That(_helper.Stdout, Does.Contain("netdelay: packets seen 20 delayed 20 dropped 0"));
    }

    [Test]
    public async Task A_loss_of_30_percent_loses_about_30_percent_of_pings()
    {
        await QueueEchoRequestsAsync();
        await StartHelperAsync("--loss", "0.3", "--seed", "42");

        var ping = await InNamespaceAsync("ping", "-q", "-c", "300", "-i", "0.01", "-W", "1", "127.0.0.1");
        var summary = Summary().Match(ping.Stdout);
        Assert.That(summary.Success, Is.True, ping.Stdout + ping.Stderr);
        var sent = int.Parse(summary.Groups["sent"].Value, CultureInfo.InvariantCulture);
        var received = int.Parse(summary.Groups["received"].Value, CultureInfo.InvariantCulture);
        var loss = 100.0 * (sent - received) / sent;
        var exitCode = await _helper!.StopAsync();

        await TestContext.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"netdelay loss 0.3: {sent} sent, {received} received, {loss:0.0}% lost"));
        Assert.That(sent, Is.EqualTo(300));
        Assert.That(loss, Is.InRange(20.0, 40.0));
        Assert.That(exitCode, Is.Zero, _helper.Stderr);
        Assert.That(_helper.Stdout, Does.Contain($"netdelay: packets seen 300 delayed {received} dropped {sent - received}"));
    }

    [Test]
    public async Task A_second_helper_for_a_queue_already_held_fails_with_exit_code_1()
    {
        await StartHelperAsync("--delay", "1ms");

        await using var second = await NetDelayProcess.StartAsync(_netns, ["--queue", Queue, "--delay", "1ms"]);

        Assert.That(second.IsReady, Is.False);
        Assert.That(await second.ExitCodeAsync(), Is.EqualTo(1));
        Assert.That(second.Stderr, Does.Contain($"binding queue {_queue}"));
        Assert.That(await _helper!.StopAsync(), Is.Zero);
    }

    private string Queue => _queue.ToString(CultureInfo.InvariantCulture);

    private async Task StartHelperAsync(params string[] args)
    {
        _helper = await NetDelayProcess.StartAsync(_netns, ["--queue", Queue, .. args]);
        Assert.That(_helper.IsReady, Is.True, $"netdelay never said ready\nstdout: {_helper.Stdout}\nstderr: {_helper.Stderr}");
    }

    private Task QueueEchoRequestsAsync() =>
        HostCommand.RunAsync("queue echo requests on the namespace's loopback", "ip",
            ["netns", "exec", _netns, "iptables", "-A", "OUTPUT", "-o", "lo", "-p", "icmp", "--icmp-type", "echo-request", "-j", "NFQUEUE", "--queue-num", Queue]);

    private async Task<List<double>> PingRttsAsync(int count, string interval)
    {
        var ping = await InNamespaceAsync("ping", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", interval, "127.0.0.1");
        return [.. Rtt().Matches(ping.Stdout).Select(m => double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture))];
    }

    private Task<CommandOutput> InNamespaceAsync(params string[] command) => HostCommand.TryRunAsync("ip", ["netns", "exec", _netns, .. command]);

    private static double Median(List<double> values)
    {
        Assert.That(values, Is.Not.Empty, "no ping replies");
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex(@"time=(?<ms>[\d.]+) ms")]
    private static partial Regex Rtt();

    [GeneratedRegex(@"(?<sent>\d+) packets transmitted, (?<received>\d+) received")]
    private static partial Regex Summary();
}
