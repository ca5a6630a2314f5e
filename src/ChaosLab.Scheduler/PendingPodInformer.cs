using System.Runtime.ExceptionServices;
using ChaosLab.Client.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Scheduler;

/// <summary>
/// The scheduler's one pod informer, as upstream's: every pod that has not finished (field selector
/// status.phase!=Succeeded,status.phase!=Failed). Its handlers split the stream: bound pods feed the
/// cache, pending ones the queue; one watch instead of two.
/// </summary>
public static class PendingPodInformer
{
    public const string FieldSelector = "status.phase!=Succeeded,status.phase!=Failed";

    public static Informer<V1Pod, V1PodList> Create(IKubernetes client, InformerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        return new Informer<V1Pod, V1PodList>(
            (rv, next, ct) => client.CoreV1.ListPodForAllNamespacesAsync(
                fieldSelector: FieldSelector, limit: options.ListPageSize, resourceVersion: rv, continueParameter: next, cancellationToken: ct),
            (rv, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, fieldSelector: FieldSelector, resourceVersion: rv,
                timeoutSeconds: options.NextWatchTimeoutSeconds(),
                // Throwing ends the watch with the in-stream error, so the informer re-lists.
                onError: ExceptionDispatchInfo.Throw, cancellationToken: ct),
            resyncPeriod: TimeSpan.Zero,
            options,
            logger)
        {
            Name = $"pods({FieldSelector})",
        };
    }
}
