using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get persistentvolumes: capacity, access modes, reclaim policy, phase and the claim bound to it.</summary>
public sealed class PersistentVolumePrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity."),
        new("Access Modes", "string", "accessModes contains all ways the volume can be mounted."),
        new("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
        new("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
        new("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
        new("StorageClass", "string", "StorageClass of the pv"),
        new("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
        new("Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
        TableColumn.Age,
        new("VolumeMode", "string", "Indicates if a raw block device or a filesystem is required", 1),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var claim = obj.At("spec", "claimRef") is JsonObject c ? $"{c.Str("namespace")}/{c.Str("name")}" : "";
        var status = obj.Has("metadata", "deletionTimestamp") ? "Terminating" : obj.Str("status", "phase");
        return new JsonArray(
            obj.Name(), Quantity(obj.Str("spec", "capacity", "storage")), AccessModes.Format(obj.Strings("spec", "accessModes")),
            obj.Str("spec", "persistentVolumeReclaimPolicy"), status, claim, obj.Str("spec", "storageClassName"),
            obj.Str("spec", "volumeAttributesClassName") is { Length: > 0 } vac ? vac : "<unset>", obj.Str("status", "reason"), obj.Age(now),
            obj.Str("spec", "volumeMode") is { Length: > 0 } mode ? mode : "<unset>");
    }

    /// <summary>An absent quantity prints as Go's zero Quantity does.</summary>
    internal static string Quantity(string value) => value.Length == 0 ? "0" : value;
}
