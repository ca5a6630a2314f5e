using System.Globalization;
using System.Text.Json.Nodes;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// The metav1.Status written on the error channel when an exec ends, as upstream's kubelet writes it: Success, a
/// NonZeroExitCode failure whose ExitCode cause carries the code (kubectl exits with it), or an internal error.
/// </summary>
public static class ExecStatus
{
    public static JsonObject Success() => new() { ["metadata"] = new JsonObject(), ["status"] = "Success" };

    public static JsonObject ExitCode(int code, IReadOnlyList<string> command) => new()
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command ?? [])}], exit code {code.ToString(CultureInfo.InvariantCulture)}",
        ["reason"] = "NonZeroExitCode",
        ["details"] = new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code.ToString(CultureInfo.InvariantCulture) }),
        },
    };

    public static JsonObject InternalError(string message) => new()
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = $"Internal error occurred: {message}",
        ["reason"] = "InternalError",
        ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) },
        ["code"] = 500,
    };

    public static JsonObject ForExit(int code, IReadOnlyList<string> command) => code == 0 ? Success() : ExitCode(code, command);
}
