using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api core/v1: PersistentVolume and PersistentVolumeClaim, the persistent volume sources a PV names, and the
/// topology terms a PV's node affinity and a StorageClass share. A claim's spec is core.PersistentVolumeClaimSpec.
/// Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class CorePersistentVolumeSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["core.PersistentVolume"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.PersistentVolumeSpec"),
            [3] = Message("status", "core.PersistentVolumeStatus"),
        },
        ["core.PersistentVolumeClaim"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.PersistentVolumeClaimSpec"),
            [3] = Message("status", "core.PersistentVolumeClaimStatus"),
        },
        ["core.PersistentVolumeSpec"] = new()
        {
            [1] = QuantityMap("capacity"), [2] = Inline("core.PersistentVolumeSource"), [3] = Strs("accessModes"),
            [4] = MessagePtr("claimRef", "core.ObjectReference"), [5] = Str("persistentVolumeReclaimPolicy"), [6] = Str("storageClassName"),
            [7] = Strs("mountOptions"), [8] = StrPtr("volumeMode"), [9] = MessagePtr("nodeAffinity", "core.VolumeNodeAffinity"),
            [10] = StrPtr("volumeAttributesClassName"),
        },
        ["core.PersistentVolumeStatus"] = new()
        {
            [1] = Str("phase"), [2] = Str("message"), [3] = Str("reason"), [4] = TimePtr("lastPhaseTransitionTime"),
        },
        ["core.PersistentVolumeClaimStatus"] = new()
        {
            [1] = Str("phase"), [2] = Strs("accessModes"), [3] = QuantityMap("capacity"),
            [4] = Messages("conditions", "core.PersistentVolumeClaimCondition"), [5] = QuantityMap("allocatedResources"),
            [7] = StrMap("allocatedResourceStatuses"), [8] = StrPtr("currentVolumeAttributesClassName"),
            [9] = MessagePtr("modifyVolumeStatus", "core.ModifyVolumeStatus"),
        },
        ["core.TopologySelectorTerm"] = new() { [1] = Messages("matchLabelExpressions", "core.TopologySelectorLabelRequirement") },
        ["core.PersistentVolumeSource"] = new()
        {
            [1] = MessagePtr("gcePersistentDisk", "core.GCEPersistentDiskVolumeSource"),
            [2] = MessagePtr("awsElasticBlockStore", "core.AWSElasticBlockStoreVolumeSource"),
            [3] = MessagePtr("hostPath", "core.HostPathVolumeSource"), [4] = MessagePtr("glusterfs", "core.GlusterfsPersistentVolumeSource"),
            [5] = MessagePtr("nfs", "core.NFSVolumeSource"), [6] = MessagePtr("rbd", "core.RBDPersistentVolumeSource"),
            [7] = MessagePtr("iscsi", "core.ISCSIPersistentVolumeSource"), [8] = MessagePtr("cinder", "core.CinderPersistentVolumeSource"),
            [9] = MessagePtr("cephfs", "core.CephFSPersistentVolumeSource"), [10] = MessagePtr("fc", "core.FCVolumeSource"),
            [11] = MessagePtr("flocker", "core.FlockerVolumeSource"), [12] = MessagePtr("flexVolume", "core.FlexPersistentVolumeSource"),
            [13] = MessagePtr("azureFile", "core.AzureFilePersistentVolumeSource"),
            [14] = MessagePtr("vsphereVolume", "core.VsphereVirtualDiskVolumeSource"), [15] = MessagePtr("quobyte", "core.QuobyteVolumeSource"),
            [16] = MessagePtr("azureDisk", "core.AzureDiskVolumeSource"),
            [17] = MessagePtr("photonPersistentDisk", "core.PhotonPersistentDiskVolumeSource"),
            [18] = MessagePtr("portworxVolume", "core.PortworxVolumeSource"), [19] = MessagePtr("scaleIO", "core.ScaleIOPersistentVolumeSource"),
            [20] = MessagePtr("local", "core.LocalVolumeSource"), [21] = MessagePtr("storageos", "core.StorageOSPersistentVolumeSource"),
            [22] = MessagePtr("csi", "core.CSIPersistentVolumeSource"),
        },
        ["core.VolumeNodeAffinity"] = new() { [1] = MessagePtr("required", "core.NodeSelector") },
        ["core.PersistentVolumeClaimCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastProbeTime"), [4] = Time("lastTransitionTime"), [5] = Str("reason"),
            [6] = Str("message"),
        },
        ["core.ModifyVolumeStatus"] = new() { [1] = Str("targetVolumeAttributesClassName"), [2] = Str("status") },
        ["core.TopologySelectorLabelRequirement"] = new() { [1] = Str("key"), [2] = Strs("values") },
        ["core.GlusterfsPersistentVolumeSource"] = new()
        {
            [1] = Str("endpoints"), [2] = Str("path"), [3] = Bool("readOnly"), [4] = StrPtr("endpointsNamespace"),
        },
        ["core.RBDPersistentVolumeSource"] = new()
        {
            [1] = Strs("monitors"), [2] = Str("image"), [3] = Str("fsType"), [4] = Str("pool"), [5] = Str("user"), [6] = Str("keyring"),
            [7] = MessagePtr("secretRef", "core.SecretReference"), [8] = Bool("readOnly"),
        },
        ["core.ISCSIPersistentVolumeSource"] = new()
        {
            [1] = Str("targetPortal"), [2] = Str("iqn"), [3] = I32("lun"), [4] = Str("iscsiInterface"), [5] = Str("fsType"), [6] = Bool("readOnly"),
            [7] = Strs("portals"), [8] = Bool("chapAuthDiscovery"), [10] = MessagePtr("secretRef", "core.SecretReference"),
            [11] = Bool("chapAuthSession"), [12] = StrPtr("initiatorName"),
        },
        ["core.CinderPersistentVolumeSource"] = new()
        {
            [1] = Str("volumeID"), [2] = Str("fsType"), [3] = Bool("readOnly"), [4] = MessagePtr("secretRef", "core.SecretReference"),
        },
        ["core.CephFSPersistentVolumeSource"] = new()
        {
            [1] = Strs("monitors"), [2] = Str("path"), [3] = Str("user"), [4] = Str("secretFile"),
            [5] = MessagePtr("secretRef", "core.SecretReference"), [6] = Bool("readOnly"),
        },
        ["core.FlexPersistentVolumeSource"] = new()
        {
            [1] = Str("driver"), [2] = Str("fsType"), [3] = MessagePtr("secretRef", "core.SecretReference"), [4] = Bool("readOnly"),
            [5] = StrMap("options"),
        },
        ["core.AzureFilePersistentVolumeSource"] = new()
        {
            [1] = Str("secretName"), [2] = Str("shareName"), [3] = Bool("readOnly"), [4] = StrPtr("secretNamespace"),
        },
        ["core.ScaleIOPersistentVolumeSource"] = new()
        {
            [1] = Str("gateway"), [2] = Str("system"), [3] = MessagePtr("secretRef", "core.SecretReference"), [4] = Bool("sslEnabled"),
            [5] = Str("protectionDomain"), [6] = Str("storagePool"), [7] = Str("storageMode"), [8] = Str("volumeName"), [9] = Str("fsType"),
            [10] = Bool("readOnly"),
        },
        ["core.LocalVolumeSource"] = new() { [1] = Str("path"), [2] = StrPtr("fsType") },
        ["core.StorageOSPersistentVolumeSource"] = new()
        {
            [1] = Str("volumeName"), [2] = Str("volumeNamespace"), [3] = Str("fsType"), [4] = Bool("readOnly"),
            [5] = MessagePtr("secretRef", "core.ObjectReference"),
        },
        ["core.CSIPersistentVolumeSource"] = new()
        {
            [1] = Str("driver"), [2] = Str("volumeHandle"), [3] = Bool("readOnly"), [4] = Str("fsType"), [5] = StrMap("volumeAttributes"),
            [6] = MessagePtr("controllerPublishSecretRef", "core.SecretReference"), [7] = MessagePtr("nodeStageSecretRef", "core.SecretReference"),
            [8] = MessagePtr("nodePublishSecretRef", "core.SecretReference"), [9] = MessagePtr("controllerExpandSecretRef", "core.SecretReference"),
            [10] = MessagePtr("nodeExpandSecretRef", "core.SecretReference"),
        },
        ["core.SecretReference"] = new() { [1] = Str("name"), [2] = Str("namespace") },
    };
}
