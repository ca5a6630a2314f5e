using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using ChaosLab.Client.Informers;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.ControllerManager.Tests;

/// <summary>
/// A core/v1 API server in memory, plugged into KubernetesClient's HTTP pipeline, for tests that run a whole
/// controller: LISTs answer from the stored objects, WATCHes stream every later change, creates and replaces
/// are stored (409 if the name is taken, 403 in a terminating namespace, as upstream's namespace lifecycle
/// admission) and recorded in <see cref="Writes"/>.
/// </summary>
internal sealed class FakeCoreApi : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Resource, string Key), JsonObject> _objects = [];
    private readonly List<Watcher> _watchers = [];
    private readonly List<(string Resource, int Version, byte[] Line, JsonObject Object)> _history = [];
    private int _resourceVersion = 1;

    /// <summary>"POST serviceaccounts team-a/default", "PUT configmaps team-a/kube-root-ca.crt", in order.</summary>
    public ConcurrentQueue<string> Writes { get; } = new();

    public Kubernetes Client() => new(new KubernetesClientConfiguration { Host = "http://fake-apiserver" }, this);

    /// <summary>A context for a controller under test: informers on this API, no resync, no logs.</summary>
    public static ControllerContext Context(Kubernetes client, ControllerManagerOptions? options = null) =>
        new(client, new InformerFactory(client, TimeSpan.Zero, InformerOptions.Fast), options ?? new ControllerManagerOptions(),
            TimeProvider.System, NullLoggerFactory.Instance, new ControllerMetrics());

    /// <summary>Stores <paramref name="obj"/> (added or modified) as an outside client would.</summary>
    public void Put(string resource, IMetadata<V1ObjectMeta> obj)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        lock (_gate)
        {
            var key = KeyOf(json);
            var type = _objects.ContainsKey((resource, key)) ? "MODIFIED" : "ADDED";
            Store(resource, key, json, type);
        }
    }

    public void Delete(string resource, string key)
    {
        lock (_gate)
        {
            if (_objects.Remove((resource, key), out var gone))
            {
                gone["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Notify(resource, "DELETED", gone);
            }
        }
    }

    public T? Get<T>(string resource, string key)
        where T : class
    {
        lock (_gate)
        {
            return _objects.TryGetValue((resource, key), out var json) ? KubernetesJson.Deserialize<T>(json.ToJsonString()) : null;
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var segments = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        var query = HttpUtility.ParseQueryString(request.RequestUri.Query);
        var nameFilter = query["fieldSelector"] is { } selector && selector.StartsWith("metadata.name=", StringComparison.Ordinal)
            ? selector["metadata.name=".Length..]
            : null;
        lock (_gate)
        {
            var response = (request.Method.Method, segments.Length) switch
            {
                ("GET", 3) when query["watch"] == "true" => Watch(segments[2], nameFilter, int.Parse(query["resourceVersion"] ?? "0", System.Globalization.CultureInfo.InvariantCulture)),
                ("GET", 3) => List(segments[2], nameFilter),
                ("POST", 5) => Create(segments[4], segments[3], Body(request)),
                ("PUT", 6) => Replace(segments[4], $"{segments[3]}/{segments[5]}", Body(request)),
                _ => Status(HttpStatusCode.NotFound, "NotFound", $"the fake serves no {request.Method} {request.RequestUri.AbsolutePath}"),
            };
            // KubernetesClient reads the request back from the response.
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Stream.Writer.Complete();
            }
            _watchers.Clear();
        }
        base.Dispose(disposing);
    }

    private HttpResponseMessage List(string resource, string? nameFilter)
    {
        var items = new JsonArray([.. _objects
            .Where(o => o.Key.Resource == resource && Matches(o.Value, nameFilter))
            .Select(o => (JsonNode)o.Value.DeepClone())]);
        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = items,
        };
        return Json(HttpStatusCode.OK, list);
    }

    /// <summary>Replays what happened since <paramref name="since"/>, as a real server does, then streams what follows.</summary>
    private HttpResponseMessage Watch(string resource, string? nameFilter, int since)
    {
        // Never pauses the writer: a test's change must not wait for the informer to read.
        var watcher = new Watcher(resource, nameFilter, new Pipe(new PipeOptions(pauseWriterThreshold: 0)));
        _watchers.Add(watcher);
        foreach (var change in _history.Where(h => h.Resource == resource && h.Version > since && Matches(h.Object, nameFilter)))
        {
            Write(watcher, change.Line);
        }
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(watcher.Stream.Reader.AsStream()) };
    }

    private HttpResponseMessage Create(string resource, string ns, JsonObject obj)
    {
        obj["metadata"]!["namespace"] = ns;
        var key = KeyOf(obj);
        Writes.Enqueue($"POST {resource} {key}");
        if (_objects.TryGetValue(("namespaces", ns), out var nsObject) && nsObject["metadata"]?["deletionTimestamp"] is not null)
        {
            return Status(HttpStatusCode.Forbidden, "Forbidden",
                $"{resource} \"{obj["metadata"]!["name"]}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
        }
        if (_objects.ContainsKey((resource, key)))
        {
            return Status(HttpStatusCode.Conflict, "AlreadyExists", $"{resource} \"{obj["metadata"]!["name"]}\" already exists");
        }
        return Json(HttpStatusCode.Created, Store(resource, key, obj, "ADDED"));
    }

    private HttpResponseMessage Replace(string resource, string key, JsonObject obj)
    {
        Writes.Enqueue($"PUT {resource} {key}");
        if (!_objects.TryGetValue((resource, key), out var stored))
        {
            return Status(HttpStatusCode.NotFound, "NotFound", $"{resource} \"{key}\" not found");
        }
        if ((string?)obj["metadata"]?["resourceVersion"] != (string?)stored["metadata"]!["resourceVersion"])
        {
            return Status(HttpStatusCode.Conflict, "Conflict", "the object has been modified");
        }
        return Json(HttpStatusCode.OK, Store(resource, key, obj, "MODIFIED"));
    }

    private JsonObject Store(string resource, string key, JsonObject obj, string eventType)
    {
        obj["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _objects[(resource, key)] = obj;
        Notify(resource, eventType, obj);
        return obj;
    }

    private void Notify(string resource, string eventType, JsonObject obj)
    {
        var line = Encoding.UTF8.GetBytes(new JsonObject { ["type"] = eventType, ["object"] = obj.DeepClone() }.ToJsonString() + "\n");
        _history.Add((resource, _resourceVersion, line, obj));
        foreach (var watcher in _watchers.Where(w => w.Resource == resource && Matches(obj, w.NameFilter)))
        {
            Write(watcher, line);
        }
    }

    private static void Write(Watcher watcher, byte[] line) => watcher.Stream.Writer.WriteAsync(line).AsTask().GetAwaiter().GetResult();

    private static bool Matches(JsonObject obj, string? nameFilter) => nameFilter is null || (string?)obj["metadata"]?["name"] == nameFilter;

    private static string KeyOf(JsonObject obj) =>
        ObjectKey.For((string?)obj["metadata"]?["namespace"], (string)obj["metadata"]!["name"]!);

    private static JsonObject Body(HttpRequestMessage request) =>
        JsonNode.Parse(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult())!.AsObject();

    private static HttpResponseMessage Status(HttpStatusCode code, string reason, string message) =>
        Json(code, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = reason, ["message"] = message, ["code"] = (int)code });

    private static HttpResponseMessage Json(HttpStatusCode code, JsonNode body) =>
        new(code) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private sealed record Watcher(string Resource, string? NameFilter, Pipe Stream);
}
