using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Scheduler.Events;

/// <summary>
/// Posts core/v1 Events from a bounded buffer on background writers, like client-go's broadcaster:
/// a slow or unreachable API server drops events rather than slowing scheduling down.
/// </summary>
public sealed class ApiEventRecorder : IEventRecorder
{
    public const string Component = "default-scheduler";

    private const int BufferSize = 1000;
    private const int Writers = 4;

    private readonly IKubernetes _client;
    private readonly string _instance;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<Corev1Event> _pending = Channel.CreateBounded<Corev1Event>(
        new BoundedChannelOptions(BufferSize) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _dropped;

    /// <param name="instance">reportingInstance: this scheduler's holder identity.</param>
    public ApiEventRecorder(IKubernetes client, string instance, ILogger logger, TimeProvider? time = null)
    {
        _client = client;
        _instance = instance;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public void Record(V1Pod pod, string type, string reason, string action, string message)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (!_pending.Writer.TryWrite(NewEvent(pod, type, reason, action, message)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes events until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => WriteAsync(cancellationToken), CancellationToken.None)));

    private async Task WriteAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var e in _pending.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await _client.CoreV1.CreateNamespacedEventAsync(e, e.Metadata.NamespaceProperty, cancellationToken: ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    _logger.LogWarning("could not record event {Reason} for pod {Namespace}/{Pod}: {Error}",
                        e.Reason, e.InvolvedObject.NamespaceProperty, e.InvolvedObject.Name, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down; unsent events are lost, as upstream's.
        }
    }

    private Corev1Event NewEvent(V1Pod pod, string type, string reason, string action, string message)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var unixNanos = (now - DateTime.UnixEpoch).Ticks * 100;
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            // Upstream names events "<object>.<unix nanoseconds in hex>".
            Metadata = new V1ObjectMeta { Name = $"{pod.Metadata.Name}.{unixNanos:x}", NamespaceProperty = pod.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Name = pod.Metadata.Name,
                NamespaceProperty = pod.Metadata.NamespaceProperty,
                Uid = pod.Metadata.Uid,
                ResourceVersion = pod.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Action = action,
            Message = message,
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = _instance,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
    }

    /// <summary>Events dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
}
