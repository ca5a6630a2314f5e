using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get storageclasses: "(default)" after the default class's name, the provisioner and the policies with their defaults.</summary>
public sealed class StorageClassPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Provisioner", "string", "Indicates the type of the provisioner."),
        new("ReclaimPolicy", "string", "Dynamically provisioned PersistentVolumes of this storage class are created with this reclaimPolicy. Defaults to Delete."),
        new("VolumeBindingMode", "string", "VolumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used."),
        new("AllowVolumeExpansion", "string", "AllowVolumeExpansion shows whether the storage class allow volume expand."),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var name = IsDefault(obj) ? obj.Name() + " (default)" : obj.Name();
        return new JsonArray(
            name, obj.Str("provisioner"), obj.Str("reclaimPolicy") is { Length: > 0 } reclaim ? reclaim : "Delete",
            obj.Str("volumeBindingMode") is { Length: > 0 } binding ? binding : "Immediate", obj.Bool("allowVolumeExpansion"), obj.Age(now));
    }

    private static bool IsDefault(JsonObject storageClass) =>
        storageClass.Str("metadata", "annotations", "storageclass.kubernetes.io/is-default-class") == "true"
        || storageClass.Str("metadata", "annotations", "storageclass.beta.kubernetes.io/is-default-class") == "true";
}
