using System.Text;
using ChaosLab.Cri.Streaming;
using ChaosLab.Cri.Streaming.Spdy;

namespace ChaosLab.Cri.Tests.Streaming;

[Category("Unit")]
public sealed class PortForwardClientTests
{
    [Test]
    public async Task A_connection_is_an_error_and_a_data_stream_sharing_port_and_request_id()
    {
        var headers = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        SpdyFrame? errorFin = null;
        string? upstream = null;
        await using var server = FakeStreamingServer.Start(async peer =>
        {
            var error = await peer.AcceptStreamAsync();
            var data = await peer.AcceptStreamAsync();
            headers.Add(error.Headers);
            headers.Add(data.Headers);
            errorFin = await peer.ReadFrameAsync();
            upstream = Encoding.UTF8.GetString(await peer.ReadUntilFinAsync(data.Id));
            await peer.SendDataAsync(data.Id, "pong");
            await peer.SendDataAsync(error.Id, string.Empty, fin: true);
            await peer.SendDataAsync(data.Id, string.Empty, fin: true);
        }, StreamHeaders.PortForwardV1);
        await using var client = await PortForwardClient.ConnectAsync(server.Url);
        var local = new ScriptedConnection("ping"u8.ToArray());

        await client.ForwardAsync(8080, local);
        await server.Serving;

        Assert.Multiple(() =>
        {
            Assert.That(headers[0], Is.EqualTo(Headers("error", "8080", "0")));
            Assert.That(headers[1], Is.EqualTo(Headers("data", "8080", "0")));
            // Only the server writes on the error stream: the client half-closes it at once.
            Assert.That((errorFin?.Type, errorFin?.StreamId, errorFin?.IsFin, errorFin?.Payload.Length), Is.EqualTo((SpdyFrameType.Data, 1u, true, 0)));
            Assert.That(upstream, Is.EqualTo("ping"));
            Assert.That(local.OutputText, Is.EqualTo("pong"));
        });
    }

    [Test]
    public async Task Text_on_the_error_stream_fails_the_forward_with_it()
    {
        await using var server = FakeStreamingServer.Start(async peer =>
        {
            var error = await peer.AcceptStreamAsync();
            var data = await peer.AcceptStreamAsync();
            await peer.SendDataAsync(error.Id, "failed to connect to localhost:9 inside namespace \"x\": connection refused", fin: true);
            await peer.SendDataAsync(data.Id, string.Empty, fin: true);
        }, StreamHeaders.PortForwardV1);
        await using var client = await PortForwardClient.ConnectAsync(server.Url);

        var error = Assert.ThrowsAsync<PortForwardException>(async () => await client.ForwardAsync(9, new ScriptedConnection([], holdEnd: true)));

        Assert.That(error.Message, Is.EqualTo("port-forward to port 9: failed to connect to localhost:9 inside namespace \"x\": connection refused"));
    }

    [Test]
    public async Task A_json_error_from_a_newer_server_is_reduced_to_its_message()
    {
        await using var server = FakeStreamingServer.Start(async peer =>
        {
            var error = await peer.AcceptStreamAsync();
            var data = await peer.AcceptStreamAsync();
            await peer.SendDataAsync(error.Id, "{\"closeConnection\":true,\"message\":\"boom\"}\n", fin: true);
            await peer.SendDataAsync(data.Id, string.Empty, fin: true);
        }, StreamHeaders.PortForwardV1);
        await using var client = await PortForwardClient.ConnectAsync(server.Url);

        var error = Assert.ThrowsAsync<PortForwardException>(async () => await client.ForwardAsync(9, new ScriptedConnection([], holdEnd: true)));

        Assert.That(error.Message, Is.EqualTo("port-forward to port 9: boom"));
    }

    private static KeyValuePair<string, string>[] Headers(string type, string port, string requestId) =>
        [new("streamtype", type), new("port", port), new("requestid", requestId)];
}
