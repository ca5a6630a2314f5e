using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Apply;
using ChaosLab.ApiServer.Patching;
using ChaosLab.ApiServer.Printing;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security.ServiceAccounts;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Http;

/// <summary>Serves one resource request: picks the verb from method and path, runs it, writes JSON or a Table.</summary>
public sealed class ResourceHandler(ResourceStore objects, CollectionReader lists, ResourceWatcher watcher, TimeProvider clock, TokenRequests? tokens = null)
{
    private readonly PodEviction _eviction = new(objects, clock);

    public static string Verb(string method, ResourceRequest request, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(query);
        var watch = QueryOptions.IsTrue(query["watch"]);
        if (request.Subresource is "log")
        {
            return method == "GET" ? "get" : throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource: {method}");
        }
        // Exec, attach and port-forward are authorized as create whichever method starts them: a WebSocket upgrade is a GET.
        if (request.Subresource is "exec" or "attach" or "portforward")
        {
            return method is "GET" or "POST" ? "create" : throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource: {method}");
        }
        // A proxy carries every method; as upstream's request info, HEAD is a get and any other unlisted method has no verb.
        if (request.Subresource is "proxy")
        {
            return method switch
            {
                "GET" or "HEAD" => "get",
                "POST" => "create",
                "PUT" => "update",
                "PATCH" => "patch",
                "DELETE" => "delete",
                _ => "",
            };
        }
        return method switch
        {
            "GET" when watch => "watch",
            "GET" => request.Name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => request.Name is null ? "deletecollection" : "delete",
            _ => throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource: {method}"),
        };
    }

    public async Task HandleAsync(HttpContext context, ResourceRequest request, string verb, RequestUser user)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var ct = context.RequestAborted;
        var query = context.Request.Query;
        var type = request.Type;
        // Options are checked before the body is read, as upstream's handlers do.
        var write = verb switch
        {
            "create" => QueryOptions.Write(query, "CreateOptions"),
            "update" => QueryOptions.Write(query, "UpdateOptions"),
            "patch" => QueryOptions.Write(query, "PatchOptions"),
            _ => WriteOptions.Default,
        };
        if (verb == "patch")
        {
            CheckApplyOptions(query, RequestBody.MediaType(context.Request) == ApplyMediaType);
        }
        if (verb is "create" or "update" or "patch")
        {
            write = write with { FieldManager = FieldManagerName.Of(write.FieldManager, context.Request.Headers.UserAgent.ToString()) };
        }
        switch (verb, request.Subresource)
        {
            case ("get", null or "status"):
                await WriteObjectAsync(context, 200, await objects.GetAsync(type, request.Namespace, request.Name!, ct), request);
                break;
            case ("get", "scale"):
                await ResponseWriter.WriteJsonAsync(context.Response, 200, ScaleOf(type, await objects.GetAsync(type, request.Namespace, request.Name!, ct)));
                break;
            case ("list", null):
                var list = await lists.ListAsync(type, request.Namespace, QueryOptions.List(query), ct);
                await WriteListAsync(context, list, request);
                break;
            case ("watch", null):
                await WatchAsync(context, request, ct);
                break;
            case ("create", null):
                var created = await objects.CreateAsync(type, request.Namespace, await RequestBody.ReadObjectAsync(context.Request, write.Strict, ct), write, user, ct);
                await WriteObjectAsync(context, 201, created, request);
                break;
            case ("create", "binding"):
                await BindAsync(context, request, write, user, ct);
                break;
            case ("create", "token") when tokens is not null:
                var token = await tokens.CreateAsync(request.Namespace!, request.Name!, await RequestBody.ReadObjectAsync(context.Request, write.Strict, ct), write.Strict, user, ct);
                await ResponseWriter.WriteJsonAsync(context.Response, 201, token);
                break;
            case ("create", "eviction"):
                await EvictAsync(context, request, write, user, ct);
                break;
            case ("update", null or "status"):
                var body = await RequestBody.ReadObjectAsync(context.Request, write.Strict, ct);
                var updated = await objects.UpdateAsync(type, request.Namespace, request.Name!, request.Subresource, _ => body, write, user, ct);
                await WriteObjectAsync(context, 200, updated, request);
                break;
            case ("update", "finalize"):
                await FinalizeAsync(context, request, write, user, ct);
                break;
            case ("patch", null or "status") when RequestBody.MediaType(context.Request) == ApplyMediaType:
                await ApplyAsync(context, request, write, user, ct);
                break;
            case ("patch", null or "status"):
                var patch = await RequestBody.ReadAsync(context.Request, ct) ?? throw ApiException.BadRequest("the patch body is empty");
                var mediaType = RequestBody.MediaType(context.Request);
                if (type.Custom is not null && mediaType == "application/strategic-merge-patch+json")
                {
                    // As upstream: custom resources have no patch strategies to merge by.
                    throw new ApiException(415, "UnsupportedMediaType",
                        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                }
                var patched = await objects.UpdateAsync(type, request.Namespace, request.Name!, request.Subresource,
                    current => type.Custom is null
                        ? ObjectCodec.CheckPatched(ApplyPatch(Unpinned(current), patch, mediaType, type.Kind), type.ModelType)
                        : ApplyPatch(Unpinned(current), patch, mediaType, type.Kind), write, user, ct);
                await WriteObjectAsync(context, 200, patched, request);
                break;
            case ("update" or "patch", "scale"):
                await ScaleAsync(context, request, verb, write, user, ct);
                break;
            case ("delete", null):
                await DeleteAsync(context, request, user, ct);
                break;
            case ("deletecollection", null):
                await DeleteCollectionAsync(context, request, user, ct);
                break;
            default:
                throw ApiException.MethodNotAllowed($"{verb} is not supported on {type.Plural}{(request.Subresource is null ? "" : "/" + request.Subresource)}");
        }
    }

    /// <summary>
    /// The stored object without its resourceVersion, for a patch to apply to: only a version the patch
    /// itself sets pins the write (409 on mismatch); otherwise a concurrent write makes the server retry
    /// the patch on the new state, as upstream does.
    /// </summary>
    private static JsonObject Unpinned(JsonObject current)
    {
        if (current["metadata"] is JsonObject meta)
        {
            meta.Remove("resourceVersion");
        }
        return current;
    }

    public static JsonObject ApplyPatch(JsonObject current, JsonNode patch, string mediaType, string kind) => mediaType switch
    {
        "application/merge-patch+json" => JsonMergePatch.Apply(current, patch) as JsonObject ?? throw ApiException.BadRequest("a merge patch must produce an object"),
        "application/json-patch+json" => JsonPatch.Apply(current, patch as JsonArray ?? throw ApiException.BadRequest("a JSON patch must be an array of operations")) as JsonObject
            ?? throw ApiException.BadRequest("a JSON patch must produce an object"),
        "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(current, patch, kind) as JsonObject ?? throw ApiException.BadRequest("a strategic merge patch must produce an object"),
        _ => throw ApiException.UnsupportedMediaType(mediaType),
    };

    /// <summary>
    /// Server-side apply (PATCH application/apply-patch+yaml): merges the configuration into the object, or creates it
    /// when there is none (201), recording the applier's managedFields entry; 409 on a conflict unless force=true.
    /// </summary>
    private async Task ApplyAsync(HttpContext context, ResourceRequest request, WriteOptions write, RequestUser user, CancellationToken ct)
    {
        var type = request.Type;
        var body = await RequestBody.ReadAsync(context.Request, write.Strict, ct) ?? throw ApiException.BadRequest("the patch body is empty");
        var config = ApplyConfiguration.ForEndpoint(ApplyConfiguration.Read(body, type), type, request.Subresource);
        var force = QueryOptions.IsTrue(context.Request.Query["force"]);
        var writer = new FieldWriter(write.FieldManager!, type.ApiVersion, request.Subresource, clock.GetUtcNow());
        var schema = ApplySchemas.For(type);
        var options = write with { FieldsRecorded = true };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var applied = await objects.UpdateAsync(type, request.Namespace, request.Name!, request.Subresource, current =>
                {
                    var merged = FieldManager.Apply(Unpinned(current), config, writer, force, schema);
                    return type.Custom is null ? ObjectCodec.CheckPatched(merged, type.ModelType) : merged;
                }, options, user, ct);
                await WriteObjectAsync(context, 200, applied, request);
                return;
            }
            catch (ApiException ex) when (ex.Code == 404 && ex.Details?.Name == request.Name && request.Subresource is null && attempt == 0)
            {
                // Nothing to apply to: the apply creates the object.
            }
            try
            {
                var fresh = FieldManager.Apply(null, config, writer, force, schema);
                var meta = fresh["metadata"] as JsonObject ?? [];
                fresh["metadata"] = meta;
                meta["name"] ??= request.Name;
                ObjectMeta.CheckName(fresh, request.Name!, request.Namespace);
                var created = await objects.CreateAsync(type, request.Namespace, fresh, options, user, ct);
                await WriteObjectAsync(context, 201, created, request);
                return;
            }
            catch (ApiException ex) when (ex.Code == 409 && ex.Reason == "AlreadyExists" && attempt == 0)
            {
                // Created meanwhile: apply to it.
            }
        }
    }

    private const string ApplyMediaType = "application/apply-patch+yaml";

    /// <summary>force only on an apply patch, and an apply patch must name its fieldManager, as upstream's ValidatePatchOptions.</summary>
    private static void CheckApplyOptions(IQueryCollection query, bool apply)
    {
        var causes = new List<FieldCause>();
        if (!apply && query.ContainsKey("force"))
        {
            causes.Add(FieldCause.Forbidden("force", "may not be specified for non-apply patch"));
        }
        if (apply && string.IsNullOrEmpty(query["fieldManager"].FirstOrDefault()))
        {
            // kubectl sends "kubectl" itself; controllers must say who they are.
            causes.Add(FieldCause.Required("fieldManager", "Required value: is required for apply patch"));
        }
        OptionsValidation.ThrowIfAny("PatchOptions", causes);
    }

    /// <summary>PUT namespaces/NAME/finalize: the body is a Namespace, decoded (and its name checked) like any PUT; only spec.finalizers is taken.</summary>
    private async Task FinalizeAsync(HttpContext context, ResourceRequest request, WriteOptions write, RequestUser user, CancellationToken ct)
    {
        var body = ObjectCodec.Canonicalize(await RequestBody.ReadObjectAsync(context.Request, write.Strict, ct), request.Type.ModelType, write.Strict, out _);
        ObjectMeta.CheckName(body, request.Name!);
        var finalizers = body["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
        var updated = await objects.UpdateAsync(request.Type, request.Namespace, request.Name!, "finalize", current =>
        {
            current["spec"] = new JsonObject { ["finalizers"] = finalizers.DeepClone() };
            return current;
        }, write, user, ct);
        await WriteObjectAsync(context, 200, updated, request);
    }

    private async Task BindAsync(HttpContext context, ResourceRequest request, WriteOptions write, RequestUser user, CancellationToken ct)
    {
        // Decoded into the model first: a target that is not an object is a 400 naming Binding.target.
        var binding = ObjectCodec.Canonicalize(await RequestBody.ReadObjectAsync(context.Request, write.Strict, ct), typeof(V1Binding), write.Strict, out _);
        var node = (string?)binding["target"]?["name"];
        if (string.IsNullOrEmpty(node))
        {
            throw ApiException.Invalid("Binding", "", request.Name!, [FieldCause.Required("target.name")]);
        }
        await objects.UpdateAsync(request.Type, request.Namespace, request.Name!, "binding", pod =>
        {
            var spec = pod["spec"] as JsonObject ?? throw ApiException.BadRequest("pod has no spec");
            if ((string?)spec["nodeName"] is { Length: > 0 } bound)
            {
                throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on pods/binding \"{request.Name}\": pod {request.Name} is already assigned to node \"{bound}\"");
            }
            if (ObjectMeta.IsDeleting(pod))
            {
                throw new ApiException(409, "Conflict", $"pod {request.Name} is being deleted, cannot be assigned to a host");
            }
            spec["nodeName"] = node;
            var status = pod["status"] as JsonObject ?? new JsonObject();
            pod["status"] = status;
            var conditions = status["conditions"] as JsonArray ?? [];
            status["conditions"] = conditions;
            foreach (var old in conditions.OfType<JsonObject>().Where(c => (string?)c["type"] == "PodScheduled").ToList())
            {
                conditions.Remove(old);
            }
            conditions.Add(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastTransitionTime"] = ObjectMeta.Timestamp(clock.GetUtcNow()) });
            return pod;
        }, write, user, ct);
        await ResponseWriter.WriteJsonAsync(context.Response, 201, StatusBody.Success());
    }

    /// <summary>POST pods/NAME/eviction: an Eviction body naming the pod, its deleteOptions (or the query's) for the delete.</summary>
    private async Task EvictAsync(HttpContext context, ResourceRequest request, WriteOptions write, RequestUser user, CancellationToken ct)
    {
        var body = await RequestBody.ReadObjectAsync(context.Request, write.Strict, ct);
        var eviction = ObjectCodec.Canonicalize(body, typeof(V1Eviction), write.Strict, out _);
        if ((string?)eviction["metadata"]?["name"] is { Length: > 0 } named && named != request.Name)
        {
            throw ApiException.BadRequest("name in URL does not match name in Eviction object");
        }
        var options = DeleteOptionsReader.From(eviction["deleteOptions"], context.Request.Query);
        if (write.DryRun)
        {
            options = options with { DryRun = true };
        }
        await _eviction.EvictAsync(request.Type, request.Namespace!, request.Name!, options, user, ct);
        await ResponseWriter.WriteJsonAsync(context.Response, 201, StatusBody.Success());
    }

    private async Task ScaleAsync(HttpContext context, ResourceRequest request, string verb, WriteOptions write, RequestUser user, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(context.Request, ct) ?? throw ApiException.BadRequest("the request body is empty");
        var mediaType = RequestBody.MediaType(context.Request);
        // A PUT body is decoded as an autoscaling/v1 Scale (400 on a wrongly typed field); a patch's result must still decode as one (422).
        var put = verb == "update"
            ? ObjectCodec.Canonicalize(body as JsonObject ?? throw ApiException.BadRequest("expected a Scale object"), typeof(V1Scale), write.Strict, out _)
            : null;
        var updated = await objects.UpdateAsync(request.Type, request.Namespace, request.Name!, null, current =>
        {
            var desired = put ?? ObjectCodec.CheckPatched(ApplyPatch(Unpinned(ScaleOf(request.Type, current)), body, mediaType, "Scale"), typeof(V1Scale));
            return request.Type.Custom?.Scale is { } paths ? CustomResourceScale.ApplyTo(current, desired, paths) : Scale.ApplyTo(current, desired, request.Type.Kind);
        }, write, user, ct);
        await ResponseWriter.WriteJsonAsync(context.Response, 200, ScaleOf(request.Type, updated));
    }

    private static JsonObject ScaleOf(Resources.ResourceType type, JsonObject obj) =>
        type.Custom?.Scale is { } paths ? CustomResourceScale.From(obj, paths) : Scale.From(obj);

    private async Task DeleteAsync(HttpContext context, ResourceRequest request, RequestUser user, CancellationToken ct)
    {
        var options = await DeleteOptionsFromAsync(context, ct);
        var (obj, _) = await objects.DeleteAsync(request.Type, request.Namespace, request.Name!, options, user, ct);
        // As upstream's registries: pods and services answer with the object, everything else with a Status.
        if (request.Type.Kind is not ("Pod" or "Service"))
        {
            await ResponseWriter.WriteJsonAsync(context.Response, 200, StatusBody.Success(request.Name, request.Type.Group, request.Type.Plural, ObjectMeta.Uid(obj)));
            return;
        }
        await WriteObjectAsync(context, 200, obj, request);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceRequest request, RequestUser user, CancellationToken ct)
    {
        // As upstream: the ListOptions are checked before the body's DeleteOptions are read.
        var listOptions = QueryOptions.List(context.Request.Query);
        var options = await DeleteOptionsFromAsync(context, ct);
        var list = await lists.ListAsync(request.Type, request.Namespace, listOptions, ct);
        foreach (var item in list["items"]!.AsArray().OfType<JsonObject>())
        {
            try
            {
                await objects.DeleteAsync(request.Type, ObjectMeta.Namespace(item), ObjectMeta.Name(item)!, options, user, ct);
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                // Gone meanwhile: that is what was asked.
            }
        }
        await ResponseWriter.WriteJsonAsync(context.Response, 200, StatusBody.Success());
    }

    private async Task WatchAsync(HttpContext context, ResourceRequest request, CancellationToken ct)
    {
        var query = context.Request.Query;
        var options = QueryOptions.List(query);
        if (request.Name is not null)
        {
            options = options with { FieldSelector = $"metadata.name={request.Name}" + (string.IsNullOrEmpty(options.FieldSelector) ? "" : "," + options.FieldSelector) };
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(WatchTimeout.For(options.TimeoutSeconds, Random.Shared));
        var asTable = WantsTable(context.Request);
        var include = IncludeObjectFrom(query);
        var response = context.Response;
        // Bad selectors and versions are refused as plain HTTP errors before the stream starts.
        _ = new ObjectFilter(request.Type, options.LabelSelector, options.FieldSelector);
        ObjectMeta.ParseResourceVersion(options.ResourceVersion, "resourceVersion");
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
        var events = watcher.WatchAsync(request.Type, request.Namespace, options, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = true;
        try
        {
            while (true)
            {
                WatchEvent e;
                try
                {
                    if (!await events.MoveNextAsync())
                    {
                        break;
                    }
                    e = events.Current;
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (ApiException ex)
                {
                    e = new WatchEvent("ERROR", ex.ToStatus());
                }
                var obj = asTable && e.Type != "ERROR"
                    ? TableBuilder.Build(request.Type, [e.Object], ObjectMeta.ResourceVersion(e.Object), first, include, clock.GetUtcNow())
                    : e.Object;
                first = first && !(asTable && e.Type != "ERROR");
                var line = GoJson.Text(new JsonObject { ["type"] = e.Type, ["object"] = obj }) + "\n";
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
                await response.Body.FlushAsync(ct);
                if (e.Type == "ERROR")
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the watch timed out: the stream simply ends.
        }
        finally
        {
            await events.DisposeAsync();
        }
    }

    private async Task WriteObjectAsync(HttpContext context, int code, JsonObject obj, ResourceRequest request)
    {
        if (WantsTable(context.Request))
        {
            var table = TableBuilder.Build(request.Type, [obj], ObjectMeta.ResourceVersion(obj), true, IncludeObjectFrom(context.Request.Query), clock.GetUtcNow());
            await ResponseWriter.WriteJsonAsync(context.Response, code, table);
            return;
        }
        await ResponseWriter.WriteJsonAsync(context.Response, code, obj);
    }

    private async Task WriteListAsync(HttpContext context, JsonObject list, ResourceRequest request)
    {
        if (WantsTable(context.Request))
        {
            var meta = list["metadata"]!;
            var table = TableBuilder.Build(request.Type, list["items"]!.AsArray().OfType<JsonObject>(), (string?)meta["resourceVersion"], true,
                IncludeObjectFrom(context.Request.Query), clock.GetUtcNow(), (string?)meta["continue"]);
            await ResponseWriter.WriteJsonAsync(context.Response, 200, table);
            return;
        }
        await ResponseWriter.WriteJsonAsync(context.Response, 200, list);
    }

    public static bool WantsTable(HttpRequest request) =>
        request?.Headers.Accept.ToString().Split(',').FirstOrDefault()?.Contains("as=Table", StringComparison.Ordinal) == true;

    private static IncludeObject IncludeObjectFrom(IQueryCollection query) => query["includeObject"].FirstOrDefault() switch
    {
        "None" => IncludeObject.None,
        "Object" => IncludeObject.Object,
        null or "" or "Metadata" => IncludeObject.Metadata,
        var other => throw ApiException.BadRequest($"invalid includeObject \"{other}\": expected None, Metadata or Object"),
    };

    private static async Task<DeleteOptions> DeleteOptionsFromAsync(HttpContext context, CancellationToken ct)
    {
        JsonNode? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await RequestBody.ReadAsync(context.Request, ct);
        }
        return DeleteOptionsReader.From(body, context.Request.Query);
    }
}
