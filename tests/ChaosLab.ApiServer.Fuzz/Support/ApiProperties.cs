using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// What every answer must be, whatever was asked: never a server error, every error a Kubernetes Status carrying
/// its own HTTP code, and no 2xx for a request that was built to be invalid.
/// </summary>
public static class ApiProperties
{
    /// <summary>Throws <see cref="PropertyViolationException"/> naming the first property the answer breaks.</summary>
    public static void Check(FuzzRequest request, FuzzResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Code >= 500 && !IsUpstreamsTooLargeResourceVersion(response))
        {
            throw new PropertyViolationException($"a server error: {response}");
        }
        if (response.Code >= 400)
        {
            CheckStatus(response);
        }
        if (request.KnownInvalid && response.IsSuccess)
        {
            throw new PropertyViolationException($"an input invalid by construction was accepted: {response}");
        }
    }

    private static void CheckStatus(FuzzResponse response)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(response.Body);
        }
        catch (JsonException)
        {
            throw new PropertyViolationException($"an error that is not a Status (not JSON): {response}");
        }
        if (body is not JsonObject status || (string?)status["kind"] != "Status" || (string?)status["status"] != "Failure")
        {
            throw new PropertyViolationException($"an error that is not a Status of kind Status, status Failure: {response}");
        }
        if (status["code"] is not JsonValue code || !code.TryGetValue<int>(out var number) || number != response.Code)
        {
            throw new PropertyViolationException($"a Status whose code is not the HTTP code {response.Code}: {response}");
        }
    }

    /// <summary>
    /// A list at an exact resourceVersion etcd has not reached is upstream's 504 "Too large resource version"
    /// (storage.NewTooLargeResourceVersionError): a timeout the client is told to retry, not a failure of the server.
    /// </summary>
    private static bool IsUpstreamsTooLargeResourceVersion(FuzzResponse response) =>
        response.Code == 504 && response.Body.Contains("Too large resource version", StringComparison.Ordinal);
}

/// <summary>A property of <see cref="ApiProperties"/> the server's answer broke; CsCheck shrinks the case that threw it.</summary>
public sealed class PropertyViolationException : Exception
{
    public PropertyViolationException(string message) : base(message)
    {
    }

    public PropertyViolationException()
    {
    }

    public PropertyViolationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
