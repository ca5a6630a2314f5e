using ChaosLab.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>The pods subresources served by streaming from the pod's kubelet rather than from storage: log and exec.</summary>
public sealed class PodStreamHandler(PodLogProxy logs, PodExecProxy exec)
{
    public static bool Handles(ResourceRequest request) =>
        request is { Type.Plural: "pods", Type.Group: "", Subresource: "log" or "exec", Name: not null };

    public Task HandleAsync(HttpContext context, ResourceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Subresource == "log" ? logs.HandleAsync(context, request, ct) : exec.HandleAsync(context, request, ct);
    }
}
