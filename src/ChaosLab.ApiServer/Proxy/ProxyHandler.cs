using System.Net.Security;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Proxy;

/// <summary>
/// The proxy subresources: pods/NAME/proxy/PATH, services/NAME/proxy/PATH and nodes/NAME/proxy/PATH. The name says
/// where (<see cref="PodProxyLocation"/>, <see cref="ServiceProxyLocation"/>, <see cref="NodeProxyLocation"/>), the rest of
/// the path what to ask there; a GET or HEAD of .../proxy itself is redirected to .../proxy/, as upstream does.
/// Pods and services are spoken to as upstream's proxy transport does, without checking a backend's certificate
/// (over https); the kubelet with the API server's kubelet client certificate.
/// </summary>
public sealed class ProxyHandler : IDisposable
{
    private readonly ResourceStore _objects;
    private readonly KubeletConnection _kubelets;
    private readonly PodNetworkRoutes _routes;
    private readonly SocketsHttpHandler _backends;
    private readonly HttpMessageInvoker _backendInvoker;

    public ProxyHandler(ResourceStore objects, KubeletConnection kubelets, PodNetworkRoutes routes)
    {
        _objects = objects;
        _kubelets = kubelets;
        _routes = routes;
        _backends = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                // As upstream's proxy transport (InsecureSkipVerify): a pod's serving certificate names no address the API server could check.
#pragma warning disable CA5359
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
            },
        };
        _backendInvoker = new HttpMessageInvoker(_backends, disposeHandler: false);
    }

    public static bool Handles(ResourceRequest request) =>
        request is { Subresource: "proxy", Name: not null, Type.Group: "", Type.Plural: "pods" or "services" or "nodes" };

    public async Task HandleAsync(HttpContext context, ResourceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var path = context.Request.Path.Value ?? "";
        var backendPath = BackendPath(request.ProxyPath ?? "", path.EndsWith('/'));
        if (backendPath.Length == 0 && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = path + "/" + context.Request.QueryString.Value;
            return;
        }
        var location = request.Type.Plural switch
        {
            "pods" => await PodProxyLocation.ResolveAsync(_objects, request.Namespace, request.Name!, ct),
            "services" => await ServiceProxyLocation.ResolveAsync(_objects, request.Namespace, request.Name!, ct),
            _ => await NodeProxyLocation.ResolveAsync(_objects, request.Name!, ct),
        };
        await _routes.EnsureAsync(location.PodNode, ct);
        await ProxyForwarder.ForwardAsync(context, location, location.Kubelet ? _kubelets.Invoker : _backendInvoker, ProxyPrefix(path, request), backendPath, ct);
    }

    /// <summary>
    /// The path asked of the backend: "/" and the rest of the request path after .../proxy, a trailing slash kept (as
    /// upstream's JoinPreservingTrailingSlash); "" when the request ends at .../proxy.
    /// </summary>
    public static string BackendPath(string proxyPath, bool trailingSlash)
    {
        ArgumentNullException.ThrowIfNull(proxyPath);
        if (proxyPath.Length == 0)
        {
            return trailingSlash ? "/" : "";
        }
        return "/" + proxyPath + (trailingSlash ? "/" : "");
    }

    /// <summary>The request path up to and including the proxy segment: what the backend's own absolute links are put under.</summary>
    private static string ProxyPrefix(string path, ResourceRequest request)
    {
        var marker = "/" + request.Name + "/proxy";
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? path : path[..(at + marker.Length)];
    }

    public void Dispose()
    {
        _backendInvoker.Dispose();
        _backends.Dispose();
    }
}
