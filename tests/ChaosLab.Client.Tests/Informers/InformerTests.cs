using System.Collections.Concurrent;
using System.Net;
using ChaosLab.Client.Informers;
using k8s;
using k8s.Models;

namespace ChaosLab.Client.Tests.Informers;

[Category("Unit")]
public sealed class InformerTests
{
    private static readonly InformerOptions QuickRetries = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        VeryShortWatch = TimeSpan.Zero,
    };

    private CancellationTokenSource _stop = null!;
    private ConcurrentQueue<string> _events = null!;
    private FakePodApi _api = null!;
    private Informer<V1Pod, V1PodList> _informer = null!;
    private Task _run = Task.CompletedTask;

    [SetUp]
    public void CreateApi()
    {
        _api = new FakePodApi();
        _stop = new CancellationTokenSource();
        _events = new ConcurrentQueue<string>();
        _run = Task.CompletedTask;
    }

    [TearDown]
    public async Task StopInformer()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(Eventually.DefaultTimeout);
        _stop.Dispose();
    }

    [Test]
    public async Task The_initial_paged_list_fills_the_cache_and_announces_each_object_as_added()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            _api.Upsert(name);
        }

        await StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_informer.HasSynced, Is.True);
            Assert.That(_informer.Cache.ListKeys(), Is.EquivalentTo(new[] { "default/a", "default/b", "default/c", "default/d", "default/e" }));
            Assert.That(_events, Is.EquivalentTo(new[] { "add a", "add b", "add c", "add d", "add e" }));
            Assert.That(_api.ListCalls, Is.EqualTo(new (string?, string?)[] { ("0", null), (null, "2"), (null, "4") }),
                "first list at resourceVersion 0, later pages by continue token only");
            Assert.That(_api.WatchCalls, Is.EqualTo(new[] { _api.Revision }), "the watch starts at the list's resourceVersion");
        });
    }

    [Test]
    public async Task Watch_events_update_and_delete_cached_objects_and_reach_the_handlers()
    {
        _api.Upsert("a");
        _api.Upsert("b");
        await StartAsync();
        _events.Clear();

        _api.Send(WatchEventType.Modified, FakePodApi.Pod("a", 20, nodeName: "node-1"));
        _api.Send(WatchEventType.Deleted, FakePodApi.Pod("b", 21));
        _api.Send(WatchEventType.Added, FakePodApi.Pod("c", 22));
        _api.Send(WatchEventType.Bookmark, new V1Pod { Metadata = new V1ObjectMeta { ResourceVersion = "25" } });

        await Eventually.AssertAsync(() => _informer.LastSyncResourceVersion == "25", "the bookmark was seen");
        Assert.Multiple(() =>
        {
            Assert.That(_events, Is.EqualTo(new[] { "update a 11->20", "delete b", "add c" }));
            Assert.That(_informer.Cache.ListKeys(), Is.EquivalentTo(new[] { "default/a", "default/c" }));
            Assert.That(_informer.Cache.Get("default", "a")!.Spec.NodeName, Is.EqualTo("node-1"));
        });
    }

    [Test]
    public async Task A_watch_that_ends_cleanly_is_resumed_from_the_last_seen_resourceVersion_without_a_new_list()
    {
        _api.Upsert("a");
        await StartAsync();

        _api.Send(WatchEventType.Modified, FakePodApi.Pod("a", 42));
        _api.EndWatch();

        await Eventually.AssertAsync(() => _api.WatchCalls.Count == 2, "the informer watched again");
        Assert.That(_api.WatchCalls.Last(), Is.EqualTo("42"));
        Assert.That(_api.ListCalls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_410_from_the_watch_relists_and_turns_missed_changes_into_synthetic_events()
    {
        _api.Upsert("stays");
        _api.Upsert("changes");
        _api.Upsert("vanishes");
        await StartAsync();
        _events.Clear();

        // Changes the informer's watch never reports, then the watch expires.
        _api.Upsert("changes");
        _api.Remove("vanishes");
        _api.Upsert("appears");
        _api.FailWatch(Gone());

        await Eventually.AssertAsync(() => _api.WatchCalls.Count == 2, "the informer re-listed and watched again");
        Assert.Multiple(() =>
        {
            Assert.That(_events, Is.EquivalentTo(new[] { "update changes 12->14", "delete vanishes", "add appears" }),
                "unchanged objects are not re-announced");
            Assert.That(_informer.Cache.ListKeys(), Is.EquivalentTo(new[] { "default/stays", "default/changes", "default/appears" }));
            Assert.That(_api.ListCalls.Where(call => call.Continue is null).Select(call => call.ResourceVersion), Is.EqualTo(new[] { "0", "13" }),
                "the relist asks for state no older than what was seen");
            Assert.That(_api.WatchCalls.Last(), Is.EqualTo(_api.Revision));
        });
    }

    [Test]
    public async Task A_relist_at_an_expired_resourceVersion_falls_back_to_a_consistent_list()
    {
        _api.Upsert("a");
        await StartAsync();
        _api.FailList = rv => rv == "11" ? Gone() : null;

        _api.FailWatch(new HttpRequestException("connection reset"));

        await Eventually.AssertAsync(() => _api.WatchCalls.Count == 2, "the informer recovered");
        Assert.That(_api.ListCalls.Select(call => call.ResourceVersion), Is.EqualTo(new[] { "0", "11", null }));
    }

    [Test]
    public async Task Any_watch_failure_backs_off_and_relists()
    {
        _api.Upsert("a");
        await StartAsync();

        _api.FailWatch(new HttpRequestException("connection refused"));

        await Eventually.AssertAsync(() => _api.ListCalls.Count == 2 && _api.WatchCalls.Count == 2, "the informer relisted and watched");
        Assert.That(_informer.HasSynced, Is.True);
    }

    [Test]
    public async Task Resync_redelivers_every_cached_object_as_an_update_to_itself()
    {
        _api.Upsert("a");
        _api.Upsert("b");

        await StartAsync(resyncPeriod: TimeSpan.FromMilliseconds(50));

        await Eventually.AssertAsync(
            () => _events.Count(e => e == "update a 11->11") >= 2 && _events.Count(e => e == "update b 12->12") >= 2,
            "two resyncs happened");
    }

    [Test]
    public async Task A_handler_added_after_sync_first_gets_adds_for_the_cached_objects()
    {
        _api.Upsert("a");
        await StartAsync();
        var late = new List<string>();

        _informer.AddEventHandler(onAdd: pod => late.Add(pod.Metadata.Name));

        Assert.That(late, Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task A_throwing_handler_neither_stops_the_informer_nor_other_handlers()
    {
        _api.Upsert("a");
        await StartAsync(extraHandler: informer => informer.AddEventHandler(onUpdate: (_, _) => throw new InvalidOperationException("boom")));

        _api.Send(WatchEventType.Modified, FakePodApi.Pod("a", 30));
        _api.Send(WatchEventType.Added, FakePodApi.Pod("b", 31));

        await Eventually.AssertAsync(() => _events.Contains("add b"), "later events still arrive");
        Assert.That(_events, Does.Contain("update a 11->30"));
    }

    [Test]
    public async Task Pods_can_be_looked_up_by_an_index_that_follows_their_changes()
    {
        _api.Upsert("a", nodeName: "node-1");
        _api.Upsert("b", nodeName: "node-1");
        await StartAsync(extraHandler: informer => informer.Cache.AddIndex("node", pod => pod.Spec?.NodeName));

        _api.Send(WatchEventType.Modified, FakePodApi.Pod("b", 30, nodeName: "node-2"));

        await Eventually.AssertAsync(() => _informer.Cache.ByIndex("node", "node-2").Count == 1, "b moved");
        Assert.That(_informer.Cache.ByIndex("node", "node-1").Select(p => p.Metadata.Name), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void ApiErrors_recognise_410_from_a_failed_request_and_from_a_watch_ERROR_event()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Gone);
        var httpError = new k8s.Autorest.HttpOperationException("gone") { Response = new k8s.Autorest.HttpResponseMessageWrapper(response, "") };

        Assert.That(ApiErrors.IsGone(httpError), Is.True);
        Assert.That(ApiErrors.IsGone(Gone()), Is.True);
        Assert.That(ApiErrors.IsGone(new HttpRequestException("refused")), Is.False);
    }

    private static KubernetesException Gone() => new(new V1Status
    {
        Status = "Failure",
        Reason = "Expired",
        Code = 410,
        Message = "The resourceVersion for the provided watch is too old.",
    });

    private async Task StartAsync(TimeSpan? resyncPeriod = null, Action<Informer<V1Pod, V1PodList>>? extraHandler = null)
    {
        _informer = new Informer<V1Pod, V1PodList>(_api.ListAsync, _api.WatchAsync, resyncPeriod ?? TimeSpan.Zero, QuickRetries);
        extraHandler?.Invoke(_informer);
        _informer.AddEventHandler(
            onAdd: pod => _events.Enqueue($"add {pod.Metadata.Name}"),
            onUpdate: (old, pod) => _events.Enqueue($"update {pod.Metadata.Name} {old.Metadata.ResourceVersion}->{pod.Metadata.ResourceVersion}"),
            onDelete: pod => _events.Enqueue($"delete {pod.Metadata.Name}"));
        _run = _informer.RunAsync(_stop.Token);
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);
        await Eventually.AssertAsync(() => _api.WatchCalls.Count == 1, "the first watch started");
    }
}
