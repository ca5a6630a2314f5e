using System.Diagnostics;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Discovery;
using ChaosLab.ApiServer.OpenApi;
using ChaosLab.ApiServer.Operations;
using ChaosLab.ApiServer.Proxy;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security;
using ChaosLab.ApiServer.Security.Rbac;
using ChaosLab.ApiServer.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// Every request goes through here: authenticate, route (health, version, discovery, OpenAPI,
/// metrics, resources), authorize, serve, and turn any failure into a Status — never a bare 500.
/// </summary>
public sealed class ApiRouter(Authenticator authenticator, Authorizer authorizer, ResourceHandler resources, ReviewHandler reviews, PodStreamHandler streams, Readiness readiness, ApiMetrics metrics, string advertiseAddress, ILogger logger, ProxyHandler? proxies = null)
{
    private static readonly string[] RootPaths = ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/metrics", "/openapi/v2", "/openapi/v3", "/version"];

    /// <summary>Who an unauthenticated request is, as upstream names it; RBAC decides what it may reach (system:public-info-viewer).</summary>
    private static readonly RequestUser Anonymous = new("system:anonymous", [BootstrapPolicy.Unauthenticated]);

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var watch = Stopwatch.StartNew();
        var path = context.Request.Path.Value ?? "/";
        var verb = context.Request.Method;
        string? resource = null;
        RequestUser? user = null;
        try
        {
            user = await authenticator.AuthenticateAsync(context, context.RequestAborted);
            var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (user is not null && Impersonation.Requested(context.Request.Headers))
            {
                user = await Impersonation.ImpersonateAsync(user, context.Request.Headers, authorizer, context.RequestAborted);
            }
            var resourceRequest = segments.Length > 0 && segments[0] is "api" or "apis" && !IsDiscovery(segments) ? ParseResource(segments) : null;
            if (resourceRequest is null)
            {
                await AuthorizePathAsync(user, verb, path, context.RequestAborted);
            }
            if (segments.Length > 0 && segments[0] is "healthz" or "livez" or "readyz")
            {
                await HealthAsync(context, segments);
            }
            else if (path == "/version")
            {
                await ResponseWriter.WriteJsonAsync(context.Response, 200, VersionInfo());
            }
            else if (path == "/metrics")
            {
                await ResponseWriter.WriteTextAsync(context.Response, 200, metrics.Render(), "text/plain; version=0.0.4");
            }
            else if (segments.Length > 0 && segments[0] == "openapi")
            {
                await OpenApiAsync(context, segments);
            }
            else if (segments.Length == 0)
            {
                await ResponseWriter.WriteJsonAsync(context.Response, 200, new JsonObject
                {
                    ["paths"] = new JsonArray(RootPaths
                        .Concat(ResourceCatalog.GroupVersions.Where(g => g.Contains('/', StringComparison.Ordinal)).Select(g => "/apis/" + g))
                        .Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
                });
            }
            else if (segments[0] is "api" or "apis" && IsDiscovery(segments))
            {
                await DiscoveryAsync(context, segments);
            }
            else if (resourceRequest is { } request)
            {
                if (user is null)
                {
                    throw ApiException.Unauthorized();
                }
                resource = request.Type.Plural + (request.Subresource is null ? "" : "/" + request.Subresource);
                verb = ResourceHandler.Verb(context.Request.Method, request, context.Request.Query);
                await AuthorizeAsync(user, verb, request, context.Request.Query, context.RequestAborted);
                if (ResourceCatalog.IsReview(request.Type))
                {
                    await reviews.HandleAsync(context, request, verb, user);
                }
                else if (PodStreamHandler.Handles(request))
                {
                    await streams.HandleAsync(context, request, context.RequestAborted);
                }
                else if (proxies is not null && ProxyHandler.Handles(request))
                {
                    await proxies.HandleAsync(context, request, context.RequestAborted);
                }
                else
                {
                    await resources.HandleAsync(context, request, verb, user!);
                }
            }
            else
            {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            }
        }
        catch (ApiException ex)
        {
            await FailAsync(context, ex);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "internal error serving {Method} {Path}", context.Request.Method, path);
            await FailAsync(context, new ApiException(500, "InternalError", $"Internal error occurred: {ex.GetType().Name}: {ex.Message}"));
        }
        finally
        {
            var code = context.Response.StatusCode;
            metrics.Record(verb.ToUpperInvariant(), resource ?? "", code, watch.Elapsed);
            RequestLog.Write(verb, context.Request.Path + context.Request.QueryString, resource, user?.Name ?? "system:anonymous", context.Request.Headers.UserAgent, code, watch.Elapsed);
        }
    }

    /// <summary>Allowed when the authorizer chain (node authorizer, then RBAC) allows; else 403 with upstream's message.</summary>
    private async Task AuthorizeAsync(RequestUser user, string verb, ResourceRequest request, IQueryCollection query, CancellationToken ct)
    {
        var access = AccessRequest.ForResource(user, verb, request.Type.Group, request.Type.Plural, request.Subresource, request.Namespace, request.Name);
        var decision = await authorizer.AuthorizeAsync(access, query["fieldSelector"].FirstOrDefault(), ct);
        if (!decision.Allowed)
        {
            var name = NodeIdentity.Of(user) is not null && NodeAuthorizer.Resources.Contains(request.Type.Plural)
                ? NodeAuthorizer.RequestedName(verb, request.Name, query["fieldSelector"].FirstOrDefault())
                : request.Name;
            throw ApiException.Forbidden(user.Name, verb, request.Type, request.Subresource, request.Namespace, name, decision.Reason.Length == 0 ? null : decision.Reason);
        }
    }

    /// <summary>
    /// Paths that are not resources (health, version, discovery, OpenAPI, metrics) are authorized as upstream's
    /// non-resource requests: the lower-cased method on the path. An anonymous request RBAC does not allow is 401.
    /// </summary>
    private async Task AuthorizePathAsync(RequestUser? user, string method, string path, CancellationToken ct)
    {
        var access = AccessRequest.ForPath(user ?? Anonymous, method.ToLowerInvariant(), path);
        var decision = await authorizer.AuthorizeAsync(access, null, ct);
        if (!decision.Allowed)
        {
            throw user is null ? ApiException.Unauthorized() : Refusal.For(access, decision.Reason);
        }
    }

    private static async Task FailAsync(HttpContext context, ApiException error)
    {
        if (!context.Response.HasStarted)
        {
            await ResponseWriter.WriteStatusAsync(context.Response, error);
        }
    }

    private static bool IsDiscovery(string[] s) =>
        (s[0] == "api" && s.Length <= 2) || (s[0] == "apis" && s.Length <= 3);

    private static ResourceRequest? ParseResource(string[] s)
    {
        if (s[0] == "api" && s.Length > 2)
        {
            return ResourceRequest.Parse(s[1], s[2..]);
        }
        if (s[0] == "apis" && s.Length > 3)
        {
            return ResourceRequest.Parse($"{s[1]}/{s[2]}", s[3..]);
        }
        return null;
    }

    private async Task DiscoveryAsync(HttpContext context, string[] s)
    {
        var accept = context.Request.Headers.Accept.ToString();
        context.Response.Headers.Vary = "Accept";
        JsonObject? body = s switch
        {
            ["api"] when DiscoveryDocuments.WantsAggregated(accept) => DiscoveryDocuments.Aggregated(core: true),
            ["apis"] when DiscoveryDocuments.WantsAggregated(accept) => DiscoveryDocuments.Aggregated(core: false),
            ["api"] => DiscoveryDocuments.ApiVersions($"{advertiseAddress}:6443"),
            ["apis"] => DiscoveryDocuments.ApiGroupList(),
            ["api", var v] => DiscoveryDocuments.ResourceList(v),
            ["apis", var g] => DiscoveryDocuments.ApiGroup(g),
            ["apis", var g, var v] => DiscoveryDocuments.ResourceList($"{g}/{v}"),
            _ => null,
        };
        if (body is null)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        var aggregated = (string?)body["kind"] == "APIGroupDiscoveryList";
        await ResponseWriter.WriteJsonAsync(context.Response, 200, body, aggregated ? DiscoveryDocuments.AggregatedContentType : "application/json");
    }

    private static async Task OpenApiAsync(HttpContext context, string[] s)
    {
        if (s is ["openapi", "v2"])
        {
            await OpenApiV2Async(context);
            return;
        }
        JsonObject? doc = s switch
        {
            ["openapi", "v3"] => OpenApiDocuments.Root(ResourceCatalog.All),
            ["openapi", "v3", "api", var v] => ResourceCatalog.InGroupVersion(v).Any() ? OpenApiDocuments.ForGroupVersion(v, ResourceCatalog.All) : null,
            ["openapi", "v3", "apis", var g, var v] => ResourceCatalog.InGroupVersion($"{g}/{v}").Any() ? OpenApiDocuments.ForGroupVersion($"{g}/{v}", ResourceCatalog.All) : null,
            _ => null,
        };
        if (doc is null)
        {
            throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({context.Request.Path}; schemas are served under /openapi/v3)");
        }
        await ResponseWriter.WriteJsonAsync(context.Response, 200, doc);
    }

    private static async Task OpenApiV2Async(HttpContext context)
    {
        var version = (string)VersionInfo()["gitVersion"]!;
        if (context.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.Ordinal))
        {
            var bytes = OpenApiV2Document.Protobuf(version);
            context.Response.StatusCode = 200;
            context.Response.ContentType = OpenApiV2Document.ProtobufMediaType;
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }
        await ResponseWriter.WriteJsonAsync(context.Response, 200, OpenApiV2Document.Json(version));
    }

    private async Task HealthAsync(HttpContext context, string[] s)
    {
        if (s[0] is "healthz" or "livez")
        {
            await ResponseWriter.WriteTextAsync(context.Response, 200, "ok");
            return;
        }
        var verbose = context.Request.Query.ContainsKey("verbose");
        var (ready, body) = await readiness.CheckAsync(s.Length > 1 ? s[1] : null, verbose, context.RequestAborted);
        await ResponseWriter.WriteTextAsync(context.Response, ready ? 200 : 500, body);
    }

    private static JsonObject VersionInfo() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-chaoslab",
        ["gitCommit"] = ThisAssembly.Commit,
        ["gitTreeState"] = "clean",
        ["buildDate"] = ThisAssembly.BuildDate,
        ["goVersion"] = $"dotnet{Environment.Version}",
        ["compiler"] = "roslyn",
        ["platform"] = "linux/amd64",
    };

    private static class ThisAssembly
    {
        public static string Commit => typeof(ApiRouter).Assembly.GetName().Version?.ToString() ?? "unknown";

        public static string BuildDate => File.GetLastWriteTimeUtc(typeof(ApiRouter).Assembly.Location).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
