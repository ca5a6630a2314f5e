using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosLab.NodeApi;

/// <summary>
/// What a node runs, written by the lab to /etc/chaoslab/node.json before the container starts.
/// The supervisor in the node starts each component, restarts it when it exits, and reports on it.
/// </summary>
public sealed record NodeConfig(
    string Node,
    string Role,
    string Address,
    int SupervisorPort,
    IReadOnlyList<ComponentSpec> Components)
{
    public const string PathInNode = "/etc/chaoslab/node.json";
    public const int DefaultSupervisorPort = 7070;

    /// <summary>The component that runs pods' containers; a node that runs it gets writable cgroups first.</summary>
    public const string ContainerRuntimeComponent = "containerd";

    /// <summary>Where the supervisor writes one log file per component (component.log) inside the node.</summary>
    public const string ComponentLogDirectory = "/var/log/chaoslab";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static NodeConfig FromJson(string json) =>
        JsonSerializer.Deserialize<NodeConfig>(json, JsonOptions)
        ?? throw new InvalidDataException("node config is empty");
}

/// <summary>One supervised process. <see cref="Health"/> is how the supervisor decides it is healthy.</summary>
public sealed record ComponentSpec(
    string Name,
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string>? Environment = null,
    HealthCheck? Health = null);

public enum HealthCheckKind
{
    Http,
    Tcp,
    Unix,
}

/// <summary>An HTTP GET that must answer 2xx, or a TCP or unix-socket connect (Target host:port or a path) that must succeed.</summary>
public sealed record HealthCheck(HealthCheckKind Kind, string Target);
