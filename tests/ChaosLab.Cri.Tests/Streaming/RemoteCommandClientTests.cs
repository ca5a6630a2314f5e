using System.Text;
using ChaosLab.Cri.Streaming;
using ChaosLab.Cri.Streaming.Spdy;

namespace ChaosLab.Cri.Tests.Streaming;

[Category("Unit")]
public sealed class RemoteCommandClientTests
{
    private const string ExitZero = """{"metadata":{},"status":"Success"}""";

    [Test]
    public async Task Upgrade_request_offers_v4_v3_v2_one_header_each()
    {
        await using var server = FakeStreamingServer.Start(async peer =>
        {
            var error = await peer.AcceptStreamAsync();
            var stdout = await peer.AcceptStreamAsync();
            await peer.SendDataAsync(error.Id, ExitZero);
            await peer.ResetAllAndCloseAsync(error.Id, stdout.Id);
        }, StreamHeaders.RemoteCommandV4);

        await new RemoteCommandClient().RunAsync(server.Url, new RemoteCommandStreams { Stdout = Stream.Null });
        var head = await server.RequestHead;

        Assert.Multiple(() =>
        {
            Assert.That(head, Does.StartWith("POST /exec/4tOk3n HTTP/1.1\r\n"));
            Assert.That(head, Does.Contain("\r\nConnection: Upgrade\r\n"));
            Assert.That(head, Does.Contain("\r\nUpgrade: SPDY/3.1\r\n"));
            Assert.That(head, Does.Contain(
                "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Stream-Protocol-Version: v3.channel.k8s.io\r\nX-Stream-Protocol-Version: v2.channel.k8s.io\r\n"));
        });
    }

    [Test]
    public async Task Streams_open_in_client_go_order_stdin_ends_with_fin_and_output_and_exit_code_come_back()
    {
        var seen = new List<string>();
        string? stdinSeen = null;
        await using var server = FakeStreamingServer.Start(async peer =>
        {
            var error = await peer.AcceptStreamAsync();
            var stdin = await peer.AcceptStreamAsync();
            var stdout = await peer.AcceptStreamAsync();
            var stderr = await peer.AcceptStreamAsync();
            seen.AddRange(new[] { error, stdin, stdout, stderr }.Select(s => $"{s.Id}:{string.Join(",", s.Headers.Select(h => $"{h.Key}={h.Value}"))}"));
            stdinSeen = Encoding.UTF8.GetString(await peer.ReadUntilFinAsync(stdin.Id));
            await peer.SendDataAsync(stdout.Id, "2\n");
            await peer.SendDataAsync(stderr.Id, "warning\n");
            await peer.SendDataAsync(error.Id, """{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"42"}]}}""");
            await peer.ResetAllAndCloseAsync(error.Id, stdin.Id, stdout.Id, stderr.Id);
        }, StreamHeaders.RemoteCommandV4);
        var stdout = new ScriptedConnection([]);
        var stderr = new ScriptedConnection([]);

        var result = await new RemoteCommandClient().RunAsync(server.Url, new RemoteCommandStreams
        {
            Stdin = new ScriptedConnection("a\nb\n"u8.ToArray()),
            Stdout = stdout,
            Stderr = stderr,
        });
        await server.Serving;

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new[] { "1:streamtype=error", "3:streamtype=stdin", "5:streamtype=stdout", "7:streamtype=stderr" }));
            Assert.That(stdinSeen, Is.EqualTo("a\nb\n"));
            Assert.That(stdout.OutputText, Is.EqualTo("2\n"));
            Assert.That(stderr.OutputText, Is.EqualTo("warning\n"));
            Assert.That(result.ExitCode, Is.EqualTo(42));
            Assert.That(result.Protocol, Is.EqualTo(StreamHeaders.RemoteCommandV4));
        });
    }

    [Test]
    public async Task A_tty_gets_a_resize_stream_and_sizes_as_client_go_json()
    {
        string? resizes = null;
        await using var server = FakeStreamingServer.Start(async peer =>
        {
            var error = await peer.AcceptStreamAsync();
            var stdout = await peer.AcceptStreamAsync();
            var resize = await peer.AcceptStreamAsync();
            Assert.That(resize.Headers, Is.EqualTo(new[] { new KeyValuePair<string, string>("streamtype", "resize") }));
            var first = await peer.ReadFrameAsync();
            var second = await peer.ReadFrameAsync();
            resizes = Encoding.ASCII.GetString([.. first.Payload, .. second.Payload]);
            await peer.SendDataAsync(error.Id, ExitZero);
            await peer.ResetAllAndCloseAsync(error.Id, stdout.Id, resize.Id);
        }, StreamHeaders.RemoteCommandV4);

        var result = await new RemoteCommandClient().RunAsync(server.Url, new RemoteCommandStreams
        {
            Stdout = Stream.Null,
            Tty = true,
            Resize = Sizes(new TerminalSize(80, 24), new TerminalSize(100, 30)),
        });
        await server.Serving;

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(resizes, Is.EqualTo("{\"Width\":80,\"Height\":24}\n{\"Width\":100,\"Height\":30}\n"));
    }

    [Test]
    public async Task Pings_from_the_server_are_echoed()
    {
        SpdyFrame? echo = null;
        await using var server = FakeStreamingServer.Start(async peer =>
        {
            var error = await peer.AcceptStreamAsync();
            var stdout = await peer.AcceptStreamAsync();
            await peer.SendAsync(SpdyFrame.Ping(2));
            echo = await peer.ReadFrameAsync();
            await peer.SendDataAsync(error.Id, ExitZero);
            await peer.ResetAllAndCloseAsync(error.Id, stdout.Id);
        }, StreamHeaders.RemoteCommandV4);

        await new RemoteCommandClient().RunAsync(server.Url, new RemoteCommandStreams { Stdout = Stream.Null });
        await server.Serving;

        Assert.That((echo?.Type, echo?.Word(0)), Is.EqualTo((SpdyFrameType.Ping, 2u)));
    }

    [Test]
    public async Task A_connection_that_ends_before_the_status_is_an_error_not_success()
    {
        await using var server = FakeStreamingServer.Start(async peer =>
        {
            await peer.AcceptStreamAsync();
            await peer.AcceptStreamAsync();
        }, StreamHeaders.RemoteCommandV4);

        var error = Assert.ThrowsAsync<RemoteCommandException>(async () =>
            await new RemoteCommandClient().RunAsync(server.Url, new RemoteCommandStreams { Stdout = Stream.Null }));

        Assert.That(error.Message, Does.Contain("without an exit status"));
    }

    [Test]
    public async Task A_refused_upgrade_names_the_status_and_the_servers_message()
    {
        await using var server = FakeStreamingServer.StartAnswering(_ => Task.CompletedTask,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 16\r\n\r\ntoken not found\n");

        var error = Assert.ThrowsAsync<SpdyUpgradeException>(async () =>
            await new RemoteCommandClient().RunAsync(server.Url, new RemoteCommandStreams { Stdout = Stream.Null }));

        Assert.That(error.StatusCode, Is.EqualTo(404));
        Assert.That(error.Message, Does.EndWith("404 token not found"));
    }

    [Test]
    public void Tty_with_stderr_is_refused_before_connecting()
    {
        var streams = new RemoteCommandStreams { Stdout = Stream.Null, Stderr = Stream.Null, Tty = true };

        Assert.ThrowsAsync<ArgumentException>(async () => await new RemoteCommandClient().RunAsync(new Uri("http://127.0.0.1:1/exec/x"), streams));
    }

    [Test]
    public void The_exec_request_asks_for_the_streams_that_will_be_opened()
    {
        var request = new RemoteCommandStreams { Stdin = Stream.Null, Stdout = Stream.Null, Tty = true }.ToExecRequest("c1", ["sh"]);

        Assert.That((request.ContainerId, request.Stdin, request.Stdout, request.Stderr, request.Tty, string.Join(" ", request.Cmd)),
            Is.EqualTo(("c1", true, true, false, true, "sh")));
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
}
