using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get persistentvolumeclaims: phase, the bound volume and, once bound, its capacity and access modes.</summary>
public sealed class PersistentVolumeClaimPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
        new("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
        new("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
        new("Access Modes", "string", "accessModes contains the desired access modes the volume should have."),
        new("StorageClass", "string", "StorageClass of the pvc"),
        new("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
        TableColumn.Age,
        new("VolumeMode", "string", "Indicates if a raw block device or a filesystem is required", 1),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var volume = obj.Str("spec", "volumeName");
        var bound = volume.Length > 0;
        var capacity = bound ? PersistentVolumePrinter.Quantity(obj.Str("status", "capacity", "storage")) : "";
        var modes = bound ? AccessModes.Format(obj.Strings("status", "accessModes")) : "";
        var status = obj.Has("metadata", "deletionTimestamp") ? "Terminating" : obj.Str("status", "phase");
        return new JsonArray(
            obj.Name(), status, volume, capacity, modes, obj.Str("spec", "storageClassName"),
            obj.Str("spec", "volumeAttributesClassName") is { Length: > 0 } vac ? vac : "<unset>", obj.Age(now),
            obj.Str("spec", "volumeMode") is { Length: > 0 } mode ? mode : "<unset>");
    }
}
