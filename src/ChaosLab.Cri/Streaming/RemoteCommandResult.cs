using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChaosLab.Cri.Streaming;

/// <summary>
/// How a remote command ended. <see cref="Status"/> is the error stream's text as the server wrote it (for
/// v4 a metav1.Status JSON), so a proxy can hand it on unchanged.
/// </summary>
public sealed record RemoteCommandResult(int ExitCode, string Protocol, string Status)
{
    /// <summary>
    /// Reads the error stream's content. v4: Success → 0; Failure with reason NonZeroExitCode and a cause of
    /// type ExitCode → that code; any other failure → <see cref="RemoteCommandException"/> with the status's
    /// message. v2/v3: nothing → 0; a message → <see cref="RemoteCommandException"/> (those protocols
    /// carry no exit code).
    /// </summary>
    /// <exception cref="RemoteCommandException">The command failed without an exit code, or the status is unreadable.</exception>
    public static RemoteCommandResult FromErrorStream(string protocol, ReadOnlySpan<byte> errorStream)
    {
        var text = Encoding.UTF8.GetString(errorStream).Trim();
        if (protocol != StreamHeaders.RemoteCommandV4)
        {
            return text.Length == 0
                ? new RemoteCommandResult(0, protocol, text)
                : throw new RemoteCommandException(text, reason: null, status: text);
        }
        if (text.Length == 0)
        {
            throw new RemoteCommandException("the streaming server ended the command without an exit status", reason: null, status: text);
        }

        JsonElement status;
        try
        {
            using var document = JsonDocument.Parse(text);
            status = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new RemoteCommandException($"unreadable exit status '{text}': {ex.Message}", reason: null, status: text);
        }
        var outcome = StringProperty(status, "status");
        var reason = StringProperty(status, "reason");
        var message = StringProperty(status, "message");
        if (outcome == "Success")
        {
            return new RemoteCommandResult(0, protocol, text);
        }
        if (outcome == "Failure" && reason == "NonZeroExitCode")
        {
            var code = ExitCodeCause(status)
                ?? throw new RemoteCommandException($"exit status without an ExitCode cause: {text}", reason, text);
            return new RemoteCommandResult(code, protocol, text);
        }
        throw new RemoteCommandException(
            string.IsNullOrEmpty(message) ? $"remote command failed: {text}" : message, reason, text);
    }

    private static int? ExitCodeCause(JsonElement status)
    {
        if (!status.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Object
            || !details.TryGetProperty("causes", out var causes) || causes.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var cause in causes.EnumerateArray())
        {
            // metav1.StatusCause's Type is serialized as "reason".
            if (StringProperty(cause, "reason") == "ExitCode"
                && int.TryParse(StringProperty(cause, "message"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
            {
                return code;
            }
        }
        return null;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>A remote command that did not end with an exit code: it could not start, or the runtime failed.</summary>
public sealed class RemoteCommandException : Exception
{
    public RemoteCommandException(string message, string? reason, string status)
        : base(message)
    {
        Reason = reason;
        Status = status;
    }

    public RemoteCommandException()
    {
        Status = string.Empty;
    }

    public RemoteCommandException(string message)
        : base(message)
    {
        Status = string.Empty;
    }

    public RemoteCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = string.Empty;
    }

    /// <summary>The metav1.Status reason (e.g. InternalError), when the server gave one.</summary>
    public string? Reason { get; }

    /// <summary>The error stream's text as received.</summary>
    public string Status { get; }
}
