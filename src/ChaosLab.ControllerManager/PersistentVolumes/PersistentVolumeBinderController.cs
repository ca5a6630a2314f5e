using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Common;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.PersistentVolumes;

/// <summary>
/// Binds PersistentVolumeClaims to PersistentVolumes (upstream's persistentvolume-binder): a Pending claim gets the
/// volume <see cref="VolumeMatcher"/> picks, in upstream's order (volume claimRef, volume Bound, claim volumeName,
/// claim Bound with the volume's capacity and access modes). A volume without a claim is Available; one whose
/// claim is gone is Released, then kept (Retain) or deleted (Delete). Volume and claim events feed one queue of
/// "volume:NAME" and "claim:NS/NAME" keys; everything is looked at again every 15 s, as upstream's sync period.
/// </summary>
internal sealed class PersistentVolumeBinderController : IController, IDisposable
{
    public const string BoundByController = "pv.kubernetes.io/bound-by-controller";
    public const string BindCompleted = "pv.kubernetes.io/bind-completed";
    private const string VolumePrefix = "volume:";
    private const string ClaimPrefix = "claim:";
    private static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(15);

    private readonly ControllerContext _context;
    private readonly Informer<V1PersistentVolume, V1PersistentVolumeList> _volumes;
    private readonly Informer<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> _claims;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public PersistentVolumeBinderController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("persistentvolume-binder-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _volumes = context.Informers.PersistentVolumes();
        _claims = context.Informers.PersistentVolumeClaims();
        _volumes.AddEventHandler(EnqueueVolume, (_, pv) => EnqueueVolume(pv), EnqueueVolume);
        _claims.AddEventHandler(EnqueueClaim, (_, pvc) => EnqueueClaim(pvc), OnClaimDeleted);
    }

    public string Name => "persistentvolume-binder";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_volumes.WaitForSyncAsync(cancellationToken), _claims.WaitForSyncAsync(cancellationToken));
        // One worker: two claims must not race for the same volume (the volume's resourceVersion would refuse the loser anyway).
        await Task.WhenAll(ResyncAsync(cancellationToken), QueueWorkers.RunAsync(Name, _queue, 1, SyncAsync, _context.Metrics, cancellationToken));
    }

    public void Dispose() => _queue.Dispose();

    internal Task SyncAsync(string key, CancellationToken ct) =>
        key.StartsWith(VolumePrefix, StringComparison.Ordinal) ? SyncVolumeAsync(key[VolumePrefix.Length..], ct)
        : key.StartsWith(ClaimPrefix, StringComparison.Ordinal) ? SyncClaimAsync(key[ClaimPrefix.Length..], ct)
        : Task.CompletedTask;

    private async Task SyncClaimAsync(string key, CancellationToken ct)
    {
        if (_claims.Cache.Get(key) is not { } cached || cached.Metadata.DeletionTimestamp is not null)
        {
            return;
        }
        // Copies: a write that fails must leave the informer's objects as the server has them.
        var claim = ObjectJson.Clone(cached);
        if (string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            var volume = VolumeMatcher.FindBest(claim, _volumes.Cache.List());
            if (volume is null)
            {
                await SetClaimPhaseAsync(claim, "Pending", ct);
                return;
            }
            await BindAsync(ObjectJson.Clone(volume), claim, ct);
            return;
        }
        var named = _volumes.Cache.Get(claim.Spec.VolumeName);
        if (named is null)
        {
            // A bound claim whose volume vanished is Lost; one pre-bound by its user waits for the volume.
            await SetClaimPhaseAsync(claim, claim.Status?.Phase is "Bound" or "Lost" ? "Lost" : "Pending", ct);
            return;
        }
        if (named.Spec?.ClaimRef is null ? VolumeMatcher.Satisfies(named, claim) && named.Status?.Phase == "Available" : VolumeMatcher.IsBoundTo(named, claim))
        {
            await BindAsync(ObjectJson.Clone(named), claim, ct);
        }
        else
        {
            await SetClaimPhaseAsync(claim, claim.Status?.Phase is "Bound" or "Lost" ? "Lost" : "Pending", ct);
        }
    }

    private async Task SyncVolumeAsync(string name, CancellationToken ct)
    {
        if (_volumes.Cache.Get(name) is not { } cached || cached.Metadata.DeletionTimestamp is not null)
        {
            return;
        }
        var volume = ObjectJson.Clone(cached);
        var reference = volume.Spec?.ClaimRef;
        if (reference is null || string.IsNullOrEmpty(reference.Uid))
        {
            // Free, or pre-bound by its user to a claim not bound yet: the claim's sync binds it.
            await SetVolumePhaseAsync(volume, "Available", null, ct);
            return;
        }
        var claim = _claims.Cache.Get(reference.NamespaceProperty, reference.Name);
        if (claim is not null && claim.Metadata.Uid != reference.Uid)
        {
            claim = null; // deleted and created again: not the claim this volume was bound to
        }
        if (claim is null)
        {
            await ReleaseAsync(volume, ct);
            return;
        }
        if (string.IsNullOrEmpty(claim.Spec?.VolumeName) || claim.Spec.VolumeName == volume.Metadata.Name)
        {
            // Bound, or half-way there (the claim's own sync finishes the binding).
            await SetVolumePhaseAsync(volume, "Bound", null, ct);
            if (string.IsNullOrEmpty(claim.Spec?.VolumeName) || claim.Status?.Phase != "Bound")
            {
                EnqueueClaim(claim);
            }
            return;
        }
        if (volume.Metadata.Annotations?.TryGetValue(BoundByController, out var ours) == true && ours == "yes")
        {
            // The claim went to another volume: we bound this one, so we free it.
            volume.Spec!.ClaimRef = null;
            volume = await _context.Client.CoreV1.ReplacePersistentVolumeAsync(volume, volume.Metadata.Name, cancellationToken: ct);
            await SetVolumePhaseAsync(volume, "Available", null, ct);
            return;
        }
        await SetVolumePhaseAsync(volume, "Released", null, ct);
    }

    /// <summary>The volume's claim is gone: Released, then the reclaim policy.</summary>
    private async Task ReleaseAsync(V1PersistentVolume volume, CancellationToken ct)
    {
        if (volume.Status?.Phase is not ("Released" or "Failed"))
        {
            volume = await SetVolumePhaseAsync(volume, "Released", null, ct);
        }
        switch (volume.Spec?.PersistentVolumeReclaimPolicy ?? "Retain")
        {
            case "Delete":
                _logger.LogInformation("persistentvolume {Volume}: claim gone, reclaim policy Delete: deleting the volume", volume.Metadata.Name);
                try
                {
                    await _context.Client.CoreV1.DeletePersistentVolumeAsync(volume.Metadata.Name, cancellationToken: ct);
                }
                catch (Exception ex) when (ApiErrors.IsNotFound(ex))
                {
                }
                break;
            case "Recycle":
                await SetVolumePhaseAsync(volume, "Failed", "no volume plugin matched: this cluster has no recycler", ct);
                break;
            default:
                break; // Retain: an administrator reclaims it by hand
        }
    }

    private async Task BindAsync(V1PersistentVolume volume, V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        var client = _context.Client;
        if (!VolumeMatcher.IsBoundTo(volume, claim) || string.IsNullOrEmpty(volume.Spec.ClaimRef.Uid))
        {
            if (volume.Spec.ClaimRef is null)
            {
                volume.Metadata.Annotations ??= new Dictionary<string, string>();
                volume.Metadata.Annotations[BoundByController] = "yes";
            }
            volume.Spec.ClaimRef = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                NamespaceProperty = claim.Metadata.NamespaceProperty,
                Name = claim.Metadata.Name,
                Uid = claim.Metadata.Uid,
                ResourceVersion = claim.Metadata.ResourceVersion,
            };
            volume = await client.CoreV1.ReplacePersistentVolumeAsync(volume, volume.Metadata.Name, cancellationToken: ct);
        }
        volume = await SetVolumePhaseAsync(volume, "Bound", null, ct);
        if (claim.Spec.VolumeName != volume.Metadata.Name || claim.Metadata.Annotations?.ContainsKey(BindCompleted) != true)
        {
            claim.Metadata.Annotations ??= new Dictionary<string, string>();
            if (string.IsNullOrEmpty(claim.Spec.VolumeName))
            {
                claim.Metadata.Annotations[BoundByController] = "yes";
            }
            claim.Metadata.Annotations[BindCompleted] = "yes";
            claim.Spec.VolumeName = volume.Metadata.Name;
            claim = await client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(claim, claim.Metadata.Name, claim.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        if (claim.Status?.Phase != "Bound" || claim.Status.Capacity is null)
        {
            claim.Status ??= new V1PersistentVolumeClaimStatus();
            claim.Status.Phase = "Bound";
            claim.Status.AccessModes = volume.Spec.AccessModes;
            claim.Status.Capacity = volume.Spec.Capacity;
            await client.CoreV1.ReplaceNamespacedPersistentVolumeClaimStatusAsync(claim, claim.Metadata.Name, claim.Metadata.NamespaceProperty, cancellationToken: ct);
            _logger.LogInformation("persistentvolumeclaim {Namespace}/{Claim} bound to persistentvolume {Volume}",
                claim.Metadata.NamespaceProperty, claim.Metadata.Name, volume.Metadata.Name);
        }
    }

    private async Task<V1PersistentVolume> SetVolumePhaseAsync(V1PersistentVolume volume, string phase, string? message, CancellationToken ct)
    {
        if (volume.Status?.Phase == phase && volume.Status?.Message == message)
        {
            return volume;
        }
        volume.Status ??= new V1PersistentVolumeStatus();
        volume.Status.Phase = phase;
        volume.Status.Message = message;
        volume.Status.LastPhaseTransitionTime = _context.Time.GetUtcNow().UtcDateTime;
        return await _context.Client.CoreV1.ReplacePersistentVolumeStatusAsync(volume, volume.Metadata.Name, cancellationToken: ct);
    }

    private async Task SetClaimPhaseAsync(V1PersistentVolumeClaim claim, string phase, CancellationToken ct)
    {
        if (claim.Status?.Phase == phase)
        {
            return;
        }
        claim.Status ??= new V1PersistentVolumeClaimStatus();
        claim.Status.Phase = phase;
        await _context.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimStatusAsync(claim, claim.Metadata.Name, claim.Metadata.NamespaceProperty, cancellationToken: ct);
    }

    private async Task ResyncAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(SyncPeriod, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                foreach (var claim in _claims.Cache.List())
                {
                    EnqueueClaim(claim);
                }
                foreach (var volume in _volumes.Cache.List())
                {
                    EnqueueVolume(volume);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void EnqueueVolume(V1PersistentVolume volume)
    {
        _queue.Add(VolumePrefix + volume.Metadata.Name);
        if (volume.Status?.Phase == "Available")
        {
            // A volume that became free may be what a waiting claim needs.
            foreach (var claim in _claims.Cache.List().Where(c => string.IsNullOrEmpty(c.Spec?.VolumeName)))
            {
                EnqueueClaim(claim);
            }
        }
    }

    private void EnqueueClaim(V1PersistentVolumeClaim claim) => _queue.Add(ClaimPrefix + ObjectKey.Of(claim));

    private void OnClaimDeleted(V1PersistentVolumeClaim claim)
    {
        if (!string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            _queue.Add(VolumePrefix + claim.Spec.VolumeName);
        }
    }
}
