using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// apiVersion and kind of a request body, read first and on their own as upstream's decoder reads them
/// (json.SimpleMetaFactory.Interpret, into an anonymous struct): present ones must be strings, or nothing else in the
/// body is looked at. Reading them with a cast instead throws on a number, which used to surface as a 500.
/// </summary>
public static class TypeMeta
{
    private const string Prefix = "couldn't get version/kind; json parse error: ";

    /// <summary>How Go prints the anonymous struct upstream decodes apiVersion and kind into.</summary>
    private const string GoStruct = "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }";

    /// <summary>Upstream's decode error for an apiVersion or kind that is present but not a string; null when both read.</summary>
    public static string? DecodeError(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        // Go reports the first offending field in document order; the object keeps that order.
        foreach (var (key, value) in body)
        {
            if (key is "apiVersion" or "kind" && value is not null && value.GetValueKind() != JsonValueKind.String)
            {
                return Prefix + UnmarshalTypeError.Message(value, "", key, "string");
            }
        }
        return null;
    }

    /// <summary>Upstream's decode error for a body that is not a JSON object at all (an array, a string, a number).</summary>
    public static string NotAnObjectError(JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Prefix + UnmarshalTypeError.ValueMessage(body, GoStruct);
    }

    /// <summary>
    /// The body's apiVersion and kind. One that is not a string is a 400 worded as upstream words it for a body that was
    /// to be decoded as <paramref name="expectedKind"/>, ending with the start of the body.
    /// </summary>
    public static (string? ApiVersion, string? Kind) Read(JsonObject body, string expectedKind)
    {
        if (DecodeError(body) is { } error)
        {
            throw ApiException.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): {error} ({Summary(body)})");
        }
        return ((string?)body["apiVersion"], (string?)body["kind"]);
    }

    /// <summary>Upstream's summarizeData: the first 30 characters of the body, then " ..." when there are more.</summary>
    private static string Summary(JsonObject body)
    {
        var json = body.ToJsonString();
        return json.Length > 30 ? json[..30] + " ..." : json;
    }
}
