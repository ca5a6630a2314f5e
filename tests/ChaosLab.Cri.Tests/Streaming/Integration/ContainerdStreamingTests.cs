using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChaosLab.Cri.Streaming;
using ChaosLab.Cri.Streaming.Spdy;
using ChaosLab.Cri.V1;

namespace ChaosLab.Cri.Tests.Streaming.Integration;

/// <summary>
/// Exec and port-forward through containerd 1.6's real streaming server: a sandbox on the node's network
/// (the node has no CNI config) with one busybox container that sleeps and runs an echo server
/// (<c>nc -ll -e cat</c>) on <see cref="EchoPort"/>. The clients run on the host; see <see cref="CriTestNode"/>
/// for how they reach into the node.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ContainerdStreamingTests
{
    private const int EchoPort = 18089;
    private const int ClosedPort = 18090;

    private CriTestNode _node = null!;
    private CriConnection _cri = null!;
    private string? _sandboxId;
    private PodSandboxConfig _sandbox = null!;
    private string _containerId = null!;

    private RemoteCommandClient Commands => new(_node.StreamingOptions);

    [OneTimeSetUp]
    public async Task StartSandbox()
    {
        Assume.That(Environment.UserName, Is.EqualTo("root"), "reaching into a lab node needs root");
        _node = await CriTestNode.StartAsync();
        _cri = new CriConnection(new CriConnectionOptions { SocketPath = _node.CriSocket });

        var sandbox = _sandbox = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "spdy-test", Namespace = "chaoslab-tests", Uid = Guid.NewGuid().ToString(), Attempt = 0 },
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } },
            },
            Labels = { ["io.chaoslab.test"] = "spdy-streaming" },
        };
        _sandboxId = (await _cri.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandbox })).PodSandboxId;
        var container = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "busybox" },
            Image = new ImageSpec { Image = _node.Image },
            Command = { "/bin/sh", "-c", $"nc -ll -p {EchoPort} -e /bin/cat & exec sleep 2147483647" },
            Linux = new LinuxContainerConfig
            {
                SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } },
            },
        };
        _containerId = (await _cri.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = _sandboxId, Config = container, SandboxConfig = sandbox })).ContainerId;
        await _cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = _containerId });
        await TestContext.Progress.WriteLineAsync($"sandbox {_sandboxId[..12]}, container {_containerId[..12]} on {_node.Container}");
    }

    [OneTimeTearDown]
    public async Task RemoveSandbox()
    {
        try
        {
            if (_sandboxId is not null)
            {
                await _cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = _sandboxId });
                await _cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = _sandboxId });
            }
        }
        finally
        {
            _cri?.Dispose();
            if (_node is not null)
            {
                await _node.StopAsync();
            }
        }
    }

    [Test]
    public async Task Stdin_is_half_closed_at_its_end_so_wc_counts_three_lines_and_exits()
    {
        var stdin = new ScriptedConnection("one\ntwo\nthree\n"u8.ToArray());
        var stdout = new ScriptedConnection([]);

        var result = await ExecAsync(["wc", "-l"], new RemoteCommandStreams { Stdin = stdin, Stdout = stdout, Stderr = new ScriptedConnection([]) });

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Protocol, Is.EqualTo(StreamHeaders.RemoteCommandV4));
            Assert.That(stdout.OutputText.Trim(), Is.EqualTo("3"));
        });
    }

    [Test]
    public async Task A_non_zero_exit_code_comes_back_from_the_v4_status()
    {
        var result = await ExecAsync(["sh", "-c", "exit 7"], new RemoteCommandStreams { Stdout = new ScriptedConnection([]) });

        Assert.That(result.ExitCode, Is.EqualTo(7));
        await TestContext.Progress.WriteLineAsync($"status: {result.Status}");
    }

    [Test]
    public async Task Stdout_and_stderr_stay_apart()
    {
        var stdout = new ScriptedConnection([]);
        var stderr = new ScriptedConnection([]);

        var result = await ExecAsync(["sh", "-c", "echo out; echo err >&2; exit 3"], new RemoteCommandStreams { Stdout = stdout, Stderr = stderr });

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(stdout.OutputText, Is.EqualTo("out\n"));
            Assert.That(stderr.OutputText, Is.EqualTo("err\n"));
        });
    }

    [Test]
    public async Task Four_mebibytes_of_stdin_pass_without_flow_control_windows()
    {
        var payload = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(payload);
        var stdout = new ScriptedConnection([]);

        var watch = Stopwatch.StartNew();
        var result = await ExecAsync(["wc", "-c"], new RemoteCommandStreams { Stdin = new ScriptedConnection(payload), Stdout = stdout });

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(stdout.OutputText.Trim(), Is.EqualTo(payload.Length.ToString(CultureInfo.InvariantCulture)));
        await TestContext.Progress.WriteLineAsync($"4 MiB through stdin in {watch.ElapsedMilliseconds} ms");
    }

    [Test]
    public async Task A_command_that_cannot_start_is_an_error_with_the_runtime_message()
    {
        var error = Assert.ThrowsAsync<RemoteCommandException>(async () =>
            await ExecAsync(["/no/such/program"], new RemoteCommandStreams { Stdout = new ScriptedConnection([]) }));

        Assert.That(error.Message, Does.Contain("no/such/program"));
        await TestContext.Progress.WriteLineAsync($"message: {error.Message}\nstatus: {error.Status}");
    }

    [Test]
    public async Task A_tty_exec_gets_the_size_sent_on_the_resize_stream()
    {
        var stdout = new ScriptedConnection([]);
        // stty may run before containerd has applied the resize: ask a few times.
        const string Script = "for i in 1 2 3 4 5 6 7 8 9 10; do s=$(stty size); [ \"$s\" = '40 132' ] && break; sleep 0.1; done; echo \"size $s\"; tty";

        var result = await ExecAsync(["sh", "-c", Script], new RemoteCommandStreams { Stdout = stdout, Tty = true, Resize = Sizes(new TerminalSize(132, 40)) });

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(stdout.OutputText, Does.Contain("size 40 132"));
            Assert.That(stdout.OutputText, Does.Contain("/dev/pts/"));
            // A terminal turns \n into \r\n.
            Assert.That(stdout.OutputText, Does.Contain("\r\n"));
        });
    }

    [Test]
    public async Task Attach_feeds_a_containers_stdin_and_ends_when_the_container_exits()
    {
        // stdin_once: the container's stdin closes when the first attach half-closes it; the loop then ends.
        // (containerd 1.6.20 dereferences a missing sandbox_config in CreateContainer and crashes.)
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "attach-me" },
            Image = new ImageSpec { Image = _node.Image },
            Command = { "/bin/sh", "-c", "while read line; do echo \"got $line\"; done" },
            Stdin = true,
            StdinOnce = true,
            Linux = new LinuxContainerConfig
            {
                SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } },
            },
        };
        var id = (await _cri.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = _sandboxId, Config = config, SandboxConfig = _sandbox })).ContainerId;
        try
        {
            await _cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
            var stdout = new ScriptedConnection([]);
            var streams = new RemoteCommandStreams { Stdin = new ScriptedConnection("a\nb\n"u8.ToArray()), Stdout = stdout, Stderr = new ScriptedConnection([]) };
            var response = await _cri.Runtime.AttachAsync(streams.ToAttachRequest(id));

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var result = await Commands.RunAsync(new Uri(response.Url), streams, timeout.Token);

            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(stdout.OutputText, Is.EqualTo("got a\ngot b\n"));
        }
        finally
        {
            await _cri.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 1 });
            await _cri.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        }
    }

    [Test]
    public async Task Port_forward_round_trips_bytes_through_the_pods_port()
    {
        await using var forward = await PortForwardAsync();
        var local = new ScriptedConnection("hello through spdy\n"u8.ToArray());

        var watch = Stopwatch.StartNew();
        await forward.ForwardAsync(EchoPort, local);

        Assert.That(local.OutputText, Is.EqualTo("hello through spdy\n"));
        // containerd gives the second direction a second after the first one ends.
        await TestContext.Progress.WriteLineAsync($"forwarded connection (send, half-close, echo, server linger) took {watch.ElapsedMilliseconds} ms");
    }

    [Test]
    public async Task Two_forwarded_connections_share_one_spdy_connection()
    {
        await using var forward = await PortForwardAsync();
        var first = await forward.OpenAsync(EchoPort);
        var second = await forward.OpenAsync(EchoPort);

        await second.Data.WriteAsync("second\n"u8.ToArray());
        await first.Data.WriteAsync("first\n"u8.ToArray());
        var firstEcho = await ReadLineAsync(first);
        var secondEcho = await ReadLineAsync(second);
        await first.Data.ResetAsync();
        await second.Data.ResetAsync();

        Assert.Multiple(() =>
        {
            Assert.That(firstEcho, Is.EqualTo("first\n"));
            Assert.That(secondEcho, Is.EqualTo("second\n"));
            Assert.That((first.RequestId, second.RequestId), Is.EqualTo(("0", "1")));
        });
    }

    [Test]
    public async Task Port_forward_to_a_closed_port_reports_the_error_stream()
    {
        await using var forward = await PortForwardAsync();

        var error = Assert.ThrowsAsync<PortForwardException>(async () => await forward.ForwardAsync(ClosedPort, new ScriptedConnection([], holdEnd: true)));

        Assert.That(error.Message, Does.Contain("connection refused"));
        await TestContext.Progress.WriteLineAsync($"error: {error.Message}");
    }

    [Test]
    public async Task Per_exec_overhead()
    {
        const int Runs = 20;
        var rpc = new List<double>();
        var stream = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var streams = new RemoteCommandStreams { Stdout = new ScriptedConnection([]) };
            var watch = Stopwatch.StartNew();
            var response = await _cri.Runtime.ExecAsync(streams.ToExecRequest(_containerId, ["true"]));
            var afterRpc = watch.Elapsed.TotalMilliseconds;
            var result = await Commands.RunAsync(new Uri(response.Url), streams);
            rpc.Add(afterRpc);
            stream.Add(watch.Elapsed.TotalMilliseconds - afterRpc);
            Assert.That(result.ExitCode, Is.Zero);
        }
        // The same path taken apart: TCP connect + HTTP upgrade, SYN_STREAM → SYN_REPLY for error and stdout,
        // then running `true` until the status arrives.
        var upgrade = new List<double>();
        var replies = new List<double>();
        var run = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var response = await _cri.Runtime.ExecAsync(new RemoteCommandStreams { Stdout = Stream.Null }.ToExecRequest(_containerId, ["true"]));
            var watch = Stopwatch.StartNew();
            await using var connection = await SpdyConnection.ConnectAsync(new Uri(response.Url), RemoteCommandClient.Protocols, _node.StreamingOptions);
            upgrade.Add(watch.Elapsed.TotalMilliseconds);
            var error = await connection.OpenStreamAsync(StreamHeaders.OfType(StreamHeaders.TypeError));
            var stdout = await connection.OpenStreamAsync(StreamHeaders.OfType(StreamHeaders.TypeStdout));
            await Task.WhenAll(error.WaitForReplyAsync(TimeSpan.FromSeconds(10)), stdout.WaitForReplyAsync(TimeSpan.FromSeconds(10)));
            replies.Add(watch.Elapsed.TotalMilliseconds - upgrade[^1]);
            var status = await error.ReadToEndAsync();
            run.Add(watch.Elapsed.TotalMilliseconds - upgrade[^1] - replies[^1]);
            Assert.That(RemoteCommandResult.FromErrorStream(connection.Protocol, status).ExitCode, Is.Zero);
        }
        var syncWatch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            await _cri.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = _containerId, Cmd = { "true" }, Timeout = 10 });
        }
        var execSync = syncWatch.Elapsed.TotalMilliseconds / Runs;

        await TestContext.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"exec `true`, {Runs} runs: CRI Exec RPC median {Median(rpc):0.0} ms, streaming (connect, upgrade, 2 streams, run, status) median {Median(stream):0.0} ms (min {stream.Min():0.0}, max {stream.Max():0.0}); total median {Median(rpc.Zip(stream, (a, b) => a + b)):0.0} ms; ExecSync `true` mean {execSync:0.0} ms"));
        await TestContext.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"phases, medians: connect + upgrade {Median(upgrade):0.0} ms, two streams replied {Median(replies):0.0} ms, run `true` until the status {Median(run):0.0} ms"));
    }

    private async Task<RemoteCommandResult> ExecAsync(IEnumerable<string> command, RemoteCommandStreams streams)
    {
        var response = await _cri.Runtime.ExecAsync(streams.ToExecRequest(_containerId, command));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Commands.RunAsync(new Uri(response.Url), streams, timeout.Token);
    }

    private async Task<PortForwardClient> PortForwardAsync()
    {
        var response = await _cri.Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = _sandboxId, Port = { EchoPort } });
        return await PortForwardClient.ConnectAsync(new Uri(response.Url), _node.StreamingOptions);
    }

    private static async Task<string> ReadLineAsync(PortForwardChannel channel)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = new StringBuilder();
        var buffer = new byte[256];
        while (!text.ToString().EndsWith('\n'))
        {
            var read = await channel.Data.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return text.ToString();
    }

#pragma warning disable CS1998 // an async iterator without awaits is the shortest IAsyncEnumerable
    private static async IAsyncEnumerable<TerminalSize> Sizes(params TerminalSize[] sizes)
    {
        foreach (var size in sizes)
        {
            yield return size;
        }
    }
#pragma warning restore CS1998

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
