using ChaosLab.Client;
using ChaosLab.Client.Informers;
using k8s;
using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>
/// Pod creates and deletes of a controller that counts on its expectations (ReplicaSets, Jobs): a write that
/// fails lowers the expectation at once, since the informer will never report its pod.
/// </summary>
internal sealed class ExpectedPodWrites(IKubernetes client, ControllerExpectations expectations)
{
    /// <summary>
    /// Upstream's slow start: batches of 1, 2, 4, ... so a create that fails for every pod (a quota, a
    /// terminating namespace) fails once, not hundreds of times. Skipped creates lower the expectations.
    /// </summary>
    public async Task CreateInBatchesAsync(string key, string ns, V1Pod template, int count, List<Exception> errors, CancellationToken ct)
    {
        var remaining = count;
        for (var batch = 1; remaining > 0; batch *= 2)
        {
            var size = Math.Min(batch, remaining);
            var results = await Task.WhenAll(Enumerable.Range(0, size).Select(async _ =>
            {
                try
                {
                    await client.CoreV1.CreateNamespacedPodAsync(template, ns, cancellationToken: ct);
                    return true;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    expectations.CreationObserved(key);
                    lock (errors)
                    {
                        errors.Add(ex);
                    }
                    return false;
                }
            }));
            remaining -= size;
            if (results.Any(ok => !ok))
            {
                for (var i = 0; i < remaining; i++)
                {
                    expectations.CreationObserved(key);
                }
                return;
            }
        }
    }

    public async Task DeleteAsync(string key, V1Pod pod, List<Exception> errors, CancellationToken ct)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            expectations.DeletionObserved(key, ObjectKey.Of(pod));
            if (!ApiErrors.IsNotFound(ex))
            {
                lock (errors)
                {
                    errors.Add(ex);
                }
            }
        }
    }
}
