using System.Text.RegularExpressions;

namespace ChaosLab.Network.Cni;

/// <summary>
/// One plugin call's parameters, from the CNI_* environment variables: the command, the container
/// (CNI_CONTAINERID, the attachment's key), its network namespace, the interface to create and the
/// runtime's extra arguments (CNI_ARGS: K8S_POD_NAMESPACE, K8S_POD_NAME, ...; used for logs only).
/// </summary>
public sealed partial record CniInvocation(
    string Command,
    string ContainerId,
    string? Netns,
    string IfName,
    IReadOnlyDictionary<string, string> Args,
    string? Path)
{
    public const string Add = "ADD";
    public const string Del = "DEL";
    public const string Check = "CHECK";
    public const string Version = "VERSION";

    public static IReadOnlyList<string> Variables { get; } = ["CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH"];

    /// <summary>Commands of spec 1.1.0, which this plugin does not speak: answered with error code 1.</summary>
    public static IReadOnlyList<string> NewerCommands { get; } = ["GC", "STATUS"];

    private static readonly Dictionary<string, string[]> Required = new()
    {
        [Add] = ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"],
        [Check] = ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"],
        [Del] = ["CNI_CONTAINERID", "CNI_IFNAME"],
    };

    /// <summary>"namespace/name" when the runtime passed the pod in CNI_ARGS, else null.</summary>
    public string? Pod =>
        Args.TryGetValue("K8S_POD_NAME", out var name) && name.Length > 0
            ? (Args.TryGetValue("K8S_POD_NAMESPACE", out var ns) && ns.Length > 0 ? $"{ns}/{name}" : name)
            : null;

    /// <summary>Who the call is for, for a log line: the pod when known, and the container and interface.</summary>
    public string Describe()
    {
        var container = ContainerId.Length > 12 ? ContainerId[..12] : ContainerId;
        return Pod is { } pod ? $"{pod} (container {container}, {IfName})" : $"container {container} ({IfName})";
    }

    /// <summary>
    /// Reads ADD, DEL or CHECK's variables; throws <see cref="CniException"/> with code 4 naming every
    /// variable that is missing or invalid.
    /// </summary>
    public static CniInvocation Parse(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string Get(string name) => environment.TryGetValue(name, out var value) ? value : "";

        var command = Get("CNI_COMMAND");
        if (command.Length == 0)
        {
            throw Invalid("CNI_COMMAND is missing", $"set CNI_COMMAND to one of ADD, DEL, CHECK, VERSION");
        }
        if (!Required.TryGetValue(command, out var required))
        {
            throw Invalid($"CNI_COMMAND {command} is unknown", "commands: ADD, DEL, CHECK, VERSION");
        }
        var missing = required.Where(name => Get(name).Length == 0).ToList();
        if (missing.Count > 0)
        {
            throw Invalid($"required environment variables missing: {string.Join(", ", missing)}", $"{command} needs {string.Join(", ", required)}");
        }

        var containerId = Get("CNI_CONTAINERID");
        if (!ContainerIdPattern().IsMatch(containerId))
        {
            throw Invalid($"CNI_CONTAINERID '{containerId}' is invalid", "it must start with a letter or digit, followed by letters, digits, '_', '.' or '-'");
        }
        var ifName = Get("CNI_IFNAME");
        if (InterfaceNameProblem(ifName) is { } problem)
        {
            throw Invalid($"CNI_IFNAME '{ifName}' is invalid", problem);
        }
        var netns = Get("CNI_NETNS");
        var path = Get("CNI_PATH");
        return new CniInvocation(command, containerId, netns.Length == 0 ? null : netns, ifName, ParseArgs(Get("CNI_ARGS")), path.Length == 0 ? null : path);
    }

    /// <summary>CNI_ARGS: "KEY=VALUE" pairs separated by ';' (empty pairs are skipped).</summary>
    public static IReadOnlyDictionary<string, string> ParseArgs(string text)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid($"CNI_ARGS has an invalid pair '{pair}'", "CNI_ARGS is KEY=VALUE pairs separated by ';', e.g. K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0");
            }
            args[pair[..equals]] = pair[(equals + 1)..];
        }
        return args;
    }

    /// <summary>Why Linux would refuse the interface name, or null: 1-15 bytes, not "." or "..", no '/', ':' or white space.</summary>
    private static string? InterfaceNameProblem(string name)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 15)
        {
            return "interface names are at most 15 bytes";
        }
        if (name is "." or "..")
        {
            return "an interface cannot be named . or ..";
        }
        return name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)) ? "an interface name contains no '/', ':' or white space" : null;
    }

    private static CniException Invalid(string message, string details) => new(CniErrorCodes.InvalidEnvironment, message, details);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex ContainerIdPattern();
}
