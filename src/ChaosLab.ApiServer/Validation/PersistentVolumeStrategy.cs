using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// v1 PersistentVolumes as upstream validates them: a storage capacity, at least one access mode, exactly one
/// volume source (hostPath with a path), a known reclaim policy; defaults Retain, Filesystem, phase Pending.
/// </summary>
public sealed class PersistentVolumeStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly string[] ReclaimPolicies = ["Delete", "Recycle", "Retain"];

    /// <summary>Spec fields that are volume sources (upstream's PersistentVolumeSource members).</summary>
    private static readonly string[] Sources =
    [
        "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "csi", "fc", "flexVolume", "flocker", "gcePersistentDisk",
        "glusterfs", "hostPath", "iscsi", "local", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO",
        "storageos", "vsphereVolume",
    ];

    protected override Func<string, IReadOnlyList<string>> NameRule => NameRules.IsDNS1123Subdomain;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj.Ensure("spec");
        spec.SetDefault("persistentVolumeReclaimPolicy", "Retain");
        spec.SetDefault("volumeMode", "Filesystem");
        if (spec.Obj("hostPath") is { } hostPath)
        {
            hostPath.SetDefault("type", "");
        }
        obj.Ensure("status").SetDefault("phase", "Pending");
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        var causes = new List<FieldCause>(PersistentVolumeRules.ValidateAccessModes(spec, "spec.accessModes"));
        var capacity = spec.Obj("capacity");
        if (capacity is null || capacity.Count == 0)
        {
            causes.Add(Causes.Required("spec.capacity"));
        }
        else if (capacity["storage"] is null || capacity.Count > 1)
        {
            causes.Add(Causes.NotSupported("spec.capacity", string.Join(", ", capacity.Select(p => p.Key)), ["storage"]));
        }
        else
        {
            causes.AddRange(PersistentVolumeRules.ValidatePositiveQuantity(capacity["storage"], "spec.capacity[storage]"));
        }
        var sources = Sources.Where(spec.Has).ToList();
        if (sources.Count == 0)
        {
            causes.Add(Causes.Required("spec", "must specify a volume type"));
        }
        else if (sources.Count > 1)
        {
            causes.Add(FieldCause.Forbidden($"spec.{sources[1]}", "may not specify more than 1 volume type"));
        }
        if (spec.Obj("hostPath") is { } hostPath)
        {
            var path = hostPath.S("path");
            if (path.Length == 0)
            {
                causes.Add(Causes.Required("spec.hostPath.path"));
            }
            else if (path.Split('/').Contains(".."))
            {
                causes.Add(Causes.Invalid("spec.hostPath.path", path, "must not contain '..'"));
            }
        }
        if (spec.Str("persistentVolumeReclaimPolicy") is { } policy && !ReclaimPolicies.Contains(policy))
        {
            causes.Add(Causes.NotSupported("spec.persistentVolumeReclaimPolicy", policy, ReclaimPolicies));
        }
        causes.AddRange(PersistentVolumeRules.ValidateVolumeMode(spec, "spec.volumeMode"));
        if (old is not null && old.Obj("spec").S("volumeMode") is { Length: > 0 } oldMode && spec.S("volumeMode") != oldMode)
        {
            causes.Add(Causes.Invalid("spec.volumeMode", spec.S("volumeMode"), Causes.Immutable));
        }
        return causes;
    }
}
