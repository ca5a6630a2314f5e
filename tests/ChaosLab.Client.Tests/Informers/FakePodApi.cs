using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace ChaosLab.Client.Tests.Informers;

/// <summary>
/// An in-memory pod API for informers: LIST pages over the current objects, and each WATCH is a
/// script the test feeds with <see cref="Send"/>, ends with <see cref="EndWatch"/> or breaks with <see cref="FailWatch"/>.
/// </summary>
internal sealed class FakePodApi
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private volatile Channel<WatchStep> _watch = Channel.CreateUnbounded<WatchStep>();
    private long _revision = 10;

    public int PageSize { get; init; } = 2;

    /// <summary>Makes the next LIST whose resourceVersion matches fail with this exception (once).</summary>
    public Func<string?, Exception?>? FailList { get; set; }

    public ConcurrentQueue<(string? ResourceVersion, string? Continue)> ListCalls { get; } = new();

    public ConcurrentQueue<string> WatchCalls { get; } = new();

    public string Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Changes server state without telling the current watch (as if the events were missed).</summary>
    public V1Pod Upsert(string name, string? nodeName = null)
    {
        lock (_gate)
        {
            var pod = Pod(name, ++_revision, nodeName);
            _pods[name] = pod;
            return pod;
        }
    }

    public void Remove(string name)
    {
        lock (_gate)
        {
            _pods.Remove(name);
            _revision++;
        }
    }

    public void Send(WatchEventType type, V1Pod pod) => _watch.Writer.TryWrite(new WatchStep(type, pod, null));

    public void EndWatch() => _watch.Writer.TryWrite(new WatchStep(default, null, null));

    public void FailWatch(Exception error) => _watch.Writer.TryWrite(new WatchStep(default, null, error));

    public Task<V1PodList> ListAsync(string? resourceVersion, string? continueToken, CancellationToken cancellationToken)
    {
        ListCalls.Enqueue((resourceVersion, continueToken));
        if (FailList?.Invoke(resourceVersion) is { } error)
        {
            FailList = null;
            return Task.FromException<V1PodList>(error);
        }
        lock (_gate)
        {
            var start = continueToken is null ? 0 : int.Parse(continueToken, CultureInfo.InvariantCulture);
            var page = _pods.Values.Skip(start).Take(PageSize).ToList();
            var next = start + page.Count < _pods.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new V1PodList
            {
                Metadata = new V1ListMeta { ResourceVersion = Revision, ContinueProperty = next },
                Items = page,
            });
        }
    }

    public async IAsyncEnumerable<(WatchEventType, V1Pod)> WatchAsync(
        string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var steps = Channel.CreateUnbounded<WatchStep>();
        _watch = steps;
        WatchCalls.Enqueue(resourceVersion);
        await foreach (var step in steps.Reader.ReadAllAsync(cancellationToken))
        {
            if (step.Error is not null)
            {
                throw step.Error;
            }
            if (step.Pod is null)
            {
                yield break;
            }
            yield return (step.Type, step.Pod);
        }
    }

    public static V1Pod Pod(string name, long resourceVersion, string? nodeName = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            ResourceVersion = resourceVersion.ToString(CultureInfo.InvariantCulture),
        },
        Spec = new V1PodSpec { NodeName = nodeName },
    };

    private sealed record WatchStep(WatchEventType Type, V1Pod? Pod, Exception? Error);
}
