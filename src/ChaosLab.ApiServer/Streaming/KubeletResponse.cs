using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// A kubelet's refusal turned into a Status the way upstream's response checker turns it: 400 becomes BadRequest with
/// the kubelet's text, 500 InternalError, anything else keeps its code.
/// </summary>
public static class KubeletResponse
{
    private const int MaxBody = 50_000;

    public static async Task<ApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(ct);
        return Error((int)response.StatusCode, body.Length > MaxBody ? body[..MaxBody] : body);
    }

    public static ApiException Error(int code, string body)
    {
        var text = (body ?? "").Trim();
        return code switch
        {
            400 => ApiException.BadRequest(text),
            404 => new ApiException(404, "NotFound", text.Length > 0 ? text : "the server could not find the requested resource"),
            500 => new ApiException(500, "InternalError", $"Internal error occurred: {text}"),
            503 => ApiException.Unavailable(text),
            _ => new ApiException(code, "InternalError", $"the server responded with the status code {code}: {text}"),
        };
    }
}
