using ChaosLab.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>The pods subresources served by streaming from the pod's kubelet rather than from storage: log, exec, attach and portforward.</summary>
public sealed class PodStreamHandler(PodLogProxy logs, RemoteCommandProxy commands, PodPortForwardProxy portForward)
{
    public static bool Handles(ResourceRequest request) =>
        request is { Type.Plural: "pods", Type.Group: "", Subresource: "log" or "exec" or "attach" or "portforward", Name: not null };

    public Task HandleAsync(HttpContext context, ResourceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Subresource switch
        {
            "log" => logs.HandleAsync(context, request, ct),
            "exec" => commands.ExecAsync(context, request, ct),
            "attach" => commands.AttachAsync(context, request, ct),
            _ => portForward.HandleAsync(context, request, ct),
        };
    }
}
