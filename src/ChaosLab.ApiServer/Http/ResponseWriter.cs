using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Http;

public static class ResponseWriter
{
    public static async Task WriteJsonAsync(HttpResponse response, int code, JsonNode body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(body);
        response.StatusCode = code;
        response.ContentType = contentType;
        var bytes = GoJson.Body(body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }

    public static Task WriteStatusAsync(HttpResponse response, ApiException error) =>
        WriteJsonAsync(response, error?.Code ?? 500, error!.ToStatus());

    public static async Task WriteTextAsync(HttpResponse response, int code, string text, string contentType = "text/plain; charset=utf-8")
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = code;
        response.ContentType = contentType;
        await response.WriteAsync(text);
    }
}
