using System.Text.Json.Serialization;

namespace ChaosLab.Workloads.Echo;

/// <summary>The echo server's answer: who served the request, and who asked.</summary>
public sealed record EchoReply(
    [property: JsonPropertyName("pod")] string Pod,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("podIP")] string PodIp,
    [property: JsonPropertyName("client")] string Client,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("time")] DateTimeOffset Time);

[JsonSerializable(typeof(EchoReply))]
internal sealed partial class EchoJsonContext : JsonSerializerContext;
