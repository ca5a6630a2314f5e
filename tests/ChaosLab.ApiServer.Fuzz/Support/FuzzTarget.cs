using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Generators;
using ChaosLab.Lab;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.TestSupport;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// The one `single` lab the fuzz properties share (<see cref="FuzzLab"/>), and what they share in it: the admin client, the run's own
/// namespace with a seed object of every kind, the served kinds, and the supervisor's restart counts from before
/// the first case. Brought up on first use; <see cref="TearDownAsync"/> (from the [SetUpFixture]) prints the run's
/// table of categories and answers, cleans up and takes the lab down.
/// </summary>
public sealed class FuzzTarget
{
    private static readonly FuzzLab Lab = new();
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static FuzzTarget? _current;
    private static Exception? _failed;

    private FuzzTarget(LabState lab, FuzzApi api, FuzzScope scope, FuzzSettings settings, LabHealth before)
    {
        LabState = lab;
        Api = api;
        Scope = scope;
        Settings = settings;
        Before = before;
    }

    public LabState LabState { get; }

    public FuzzApi Api { get; }

    public FuzzScope Scope { get; }

    public FuzzSettings Settings { get; }

    /// <summary>What the properties sent and got back, printed as a table when the run ends.</summary>
    public FuzzReport Report { get; } = new();

    private LabHealth Before { get; }

    public static async Task<FuzzTarget> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            // A lab that did not come up for the first test will not for the next: fail them at once.
            if (_failed is not null)
            {
                throw new InvalidOperationException($"the fuzz lab did not come up: {_failed.Message}", _failed);
            }
            try
            {
                return _current ??= await StartAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _failed = ex;
                throw;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<FuzzTarget> StartAsync()
    {
        var settings = FuzzSettings.FromEnvironment();
        await TestContext.Progress.WriteLineAsync($"fuzz: {settings}");
        var lab = await Lab.UpAsync();
        var api = FuzzApi.FromKubeconfig(LabPaths.For(lab.Name).Kubeconfig);
        var ns = $"fuzz-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        await ExpectAsync(api, "POST", "/api/v1/namespaces", $$$$"""{"metadata":{"name":"{{{{ns}}}}","labels":{"{{{{FuzzScope.RunLabel}}}}":"{{{{ns}}}}"}}}""", 201);
        // The review APIs are create-only questions, not stored objects; a CRD's name must be PLURAL.GROUP of its own
        // spec, which a generated name never is: neither has a seed to spoil.
        var kinds = (await ApiDiscovery.KindsAsync(api)).Where(k => k.Can("get") && k.Group != "apiextensions.k8s.io").ToList();
        var seeded = new FuzzScope(ns, kinds, new ContinueTokens("", ""));
        await EnsureSeedsAsync(api, seeded);
        await ExpectAsync(api, "POST", $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"seed-2"}}""", 201);
        var tokens = new ContinueTokens(
            await TokenAsync(api, $"/api/v1/namespaces/{ns}/configmaps?limit=1"),
            await TokenAsync(api, "/api/v1/namespaces?limit=1"));
        await TestContext.Progress.WriteLineAsync($"fuzz: lab {lab.Name}, namespace {ns}, kinds {string.Join(", ", kinds)}");
        return new FuzzTarget(lab, api, seeded with { Tokens = tokens }, settings, await LabHealth.ReadAsync(lab));
    }

    /// <summary>Makes again any seed object a property deleted, so each property starts with one object of every kind.</summary>
    public Task EnsureSeedsAsync() => EnsureSeedsAsync(Api, Scope);

    private static async Task EnsureSeedsAsync(FuzzApi api, FuzzScope scope)
    {
        // Namespaces first: the seeds of other kinds may live in them.
        foreach (var kind in scope.Kinds.Where(k => k.Can("create")).OrderBy(k => k.Kind != "Namespace"))
        {
            var name = scope.SeedName(kind);
            if ((await api.SendAsync("GET", kind.Object(scope.Namespace, name))).Code == 404)
            {
                await ExpectAsync(api, "POST", kind.Collection(scope.Namespace), JsonGen.Render(Templates.For(kind, name, scope)), 201, 409);
            }
        }
    }

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            return (await Api.SendAsync("GET", "/readyz")).Code == 200;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The API server answers /readyz and no component of any node restarted since the run began.</summary>
    public async Task AssertUnharmedAsync()
    {
        await Eventually.UntilAsync("the API server to answer /readyz after the fuzzing", TimeSpan.FromSeconds(15),
            async () => (await Api.SendAsync("GET", "/readyz")) is var r && r.Code == 200 ? (true, "ready") : (false, r.ToString()));
        var worse = (await LabHealth.ReadAsync(LabState)).WorseThan(Before);
        Assert.That(worse, Is.Empty, "components restarted while the API server was fuzzed");
    }

    public static async Task TearDownAsync()
    {
        if (_current is { } target)
        {
            foreach (var line in target.Report.Lines(target.Settings))
            {
                await TestContext.Progress.WriteLineAsync(line);
            }
            await target.CleanUpAsync();
            target.Api.Dispose();
            _current = null;
        }
        await Lab.DownAsync();
    }

    /// <summary>Deletes the run's namespaces (and with them everything in them) and its cluster-scoped objects.</summary>
    private async Task CleanUpAsync()
    {
        try
        {
            foreach (var kind in Scope.Kinds.Where(k => !k.Namespaced && k.Can("delete")))
            {
                foreach (var name in Scope.Names(kind))
                {
                    await Api.SendAsync("DELETE", kind.Object(Scope.Namespace, name));
                }
            }
            await Api.SendAsync("DELETE", $"/api/v1/namespaces/{Scope.Namespace}");
            var gone = await Waiter.PollAsync(TimeSpan.FromSeconds(15), async _ =>
            {
                await ReleaseFinalizersAsync();
                return (await Api.SendAsync("GET", $"/api/v1/namespaces/{Scope.Namespace}")) is var r && r.Code == 404 ? (true, "gone") : (false, r.ToString());
            }, TimeSpan.FromSeconds(1));
            await TestContext.Progress.WriteLineAsync($"fuzz: namespace {Scope.Namespace} {(gone.Done ? "deleted" : "still there: " + gone.LastState)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await TestContext.Progress.WriteLineAsync($"fuzz: clean-up of {Scope.Namespace} failed ({ex.Message}); the lab goes down all the same");
        }
    }

    /// <summary>
    /// Drops the finalizers of the run's objects that are being deleted. A DELETE with propagationPolicy Orphan or
    /// Foreground adds one, and the garbage collector only takes it off the kinds of its owner graph (pods, workloads,
    /// services, endpoint slices): a ConfigMap so deleted would keep the namespace terminating for ever.
    /// </summary>
    private async Task ReleaseFinalizersAsync()
    {
        foreach (var kind in Scope.Namespaced.Where(k => k.Can("list") && k.Can("patch")))
        {
            var list = await Api.SendAsync("GET", kind.Collection(Scope.Namespace));
            var items = list.Code == 200 ? JsonNode.Parse(list.Body)?["items"]?.AsArray() ?? [] : [];
            foreach (var item in items.OfType<JsonObject>().Where(i => i["metadata"]?["deletionTimestamp"] is not null && i["metadata"]?["finalizers"] is JsonArray { Count: > 0 }))
            {
                var name = (string)item["metadata"]!["name"]!;
                await Api.SendAsync("PATCH", kind.Object(Scope.Namespace, name), """{"metadata":{"finalizers":null}}""", PatchGen.MergePatch);
            }
        }
    }

    private static async Task ExpectAsync(FuzzApi api, string method, string path, string body, params int[] codes)
    {
        var response = await api.SendAsync(method, path, body);
        if (!codes.Contains(response.Code))
        {
            throw new InvalidOperationException($"{method} {path} answered {response}");
        }
    }

    private static async Task<string> TokenAsync(FuzzApi api, string path)
    {
        var response = await api.SendAsync("GET", path);
        return (string?)JsonNode.Parse(response.Body)?["metadata"]?["continue"]
            ?? throw new InvalidOperationException($"GET {path} gave no continue token: {response}");
    }
}
