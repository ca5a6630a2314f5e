using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// GET pods/NAME/log: checks the options and the container here, then streams the kubelet's containerLogs answer
/// through as text/plain, flushed as it comes while following. A pod not yet bound to a node has no logs: the
/// answer is empty, as upstream's.
/// </summary>
public sealed class PodLogProxy(ResourceStore objects, KubeletConnection kubelets)
{
    public async Task HandleAsync(HttpContext context, ResourceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name!;
        var options = PodLogOptions.Parse(context.Request.Query, name);
        var pod = await objects.GetAsync(request.Type, request.Namespace, name, ct);
        var container = ContainerSelection.Resolve(pod, options.Container);
        var response = context.Response;
        if (ContainerSelection.Node(pod) is not { } node)
        {
            await ResponseWriter.WriteTextAsync(response, 200, "", "text/plain");
            return;
        }
        var uri = await kubelets.UriAsync(node, "https", $"/containerLogs/{request.Namespace}/{name}/{container}", options.KubeletQuery(), ct);
        HttpResponseMessage answer;
        try
        {
            answer = await kubelets.Http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiException(500, "InternalError", $"Get \"{uri}\": {ex.Message}");
        }
        using (answer)
        {
            if (!answer.IsSuccessStatusCode)
            {
                throw await KubeletResponse.ErrorAsync(answer, ct);
            }
            response.StatusCode = 200;
            response.ContentType = "text/plain";
            await response.StartAsync(ct);
            await using var body = await answer.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[32 * 1024];
            int read;
            try
            {
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    await response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                    if (options.Follow)
                    {
                        await response.Body.FlushAsync(ct);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !ct.IsCancellationRequested)
            {
                // The kubelet went away mid-stream; the client sees the stream end, as with upstream.
            }
        }
    }
}
