using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api core/v1: Volume and its sources (emptyDir, hostPath, configMap, secret, projected, downwardAPI,
/// persistentVolumeClaim, ephemeral, csi, image and the in-tree plugins). Numbers from upstream's generated.proto
/// (v0.32).
/// </summary>
internal static class CoreVolumeSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["core.Volume"] = new() { [1] = Str("name"), [2] = Inline("core.VolumeSource") },
        ["core.VolumeSource"] = new()
        {
            [1] = MessagePtr("hostPath", "core.HostPathVolumeSource"), [2] = MessagePtr("emptyDir", "core.EmptyDirVolumeSource"),
            [3] = MessagePtr("gcePersistentDisk", "core.GCEPersistentDiskVolumeSource"),
            [4] = MessagePtr("awsElasticBlockStore", "core.AWSElasticBlockStoreVolumeSource"),
            [5] = MessagePtr("gitRepo", "core.GitRepoVolumeSource"), [6] = MessagePtr("secret", "core.SecretVolumeSource"),
            [7] = MessagePtr("nfs", "core.NFSVolumeSource"), [8] = MessagePtr("iscsi", "core.ISCSIVolumeSource"),
            [9] = MessagePtr("glusterfs", "core.GlusterfsVolumeSource"),
            [10] = MessagePtr("persistentVolumeClaim", "core.PersistentVolumeClaimVolumeSource"), [11] = MessagePtr("rbd", "core.RBDVolumeSource"),
            [12] = MessagePtr("flexVolume", "core.FlexVolumeSource"), [13] = MessagePtr("cinder", "core.CinderVolumeSource"),
            [14] = MessagePtr("cephfs", "core.CephFSVolumeSource"), [15] = MessagePtr("flocker", "core.FlockerVolumeSource"),
            [16] = MessagePtr("downwardAPI", "core.DownwardAPIVolumeSource"), [17] = MessagePtr("fc", "core.FCVolumeSource"),
            [18] = MessagePtr("azureFile", "core.AzureFileVolumeSource"), [19] = MessagePtr("configMap", "core.ConfigMapVolumeSource"),
            [20] = MessagePtr("vsphereVolume", "core.VsphereVirtualDiskVolumeSource"), [21] = MessagePtr("quobyte", "core.QuobyteVolumeSource"),
            [22] = MessagePtr("azureDisk", "core.AzureDiskVolumeSource"),
            [23] = MessagePtr("photonPersistentDisk", "core.PhotonPersistentDiskVolumeSource"),
            [24] = MessagePtr("portworxVolume", "core.PortworxVolumeSource"), [25] = MessagePtr("scaleIO", "core.ScaleIOVolumeSource"),
            [26] = MessagePtr("projected", "core.ProjectedVolumeSource"), [27] = MessagePtr("storageos", "core.StorageOSVolumeSource"),
            [28] = MessagePtr("csi", "core.CSIVolumeSource"), [29] = MessagePtr("ephemeral", "core.EphemeralVolumeSource"),
            [30] = MessagePtr("image", "core.ImageVolumeSource"),
        },
        ["core.HostPathVolumeSource"] = new() { [1] = Str("path"), [2] = StrPtr("type") },
        ["core.EmptyDirVolumeSource"] = new() { [1] = Str("medium"), [2] = QuantityPtr("sizeLimit") },
        ["core.GCEPersistentDiskVolumeSource"] = new() { [1] = Str("pdName"), [2] = Str("fsType"), [3] = I32("partition"), [4] = Bool("readOnly") },
        ["core.AWSElasticBlockStoreVolumeSource"] = new()
        {
            [1] = Str("volumeID"), [2] = Str("fsType"), [3] = I32("partition"), [4] = Bool("readOnly"),
        },
        ["core.GitRepoVolumeSource"] = new() { [1] = Str("repository"), [2] = Str("revision"), [3] = Str("directory") },
        ["core.SecretVolumeSource"] = new()
        {
            [1] = Str("secretName"), [2] = Messages("items", "core.KeyToPath"), [3] = I32Ptr("defaultMode"), [4] = BoolPtr("optional"),
        },
        ["core.NFSVolumeSource"] = new() { [1] = Str("server"), [2] = Str("path"), [3] = Bool("readOnly") },
        ["core.ISCSIVolumeSource"] = new()
        {
            [1] = Str("targetPortal"), [2] = Str("iqn"), [3] = I32("lun"), [4] = Str("iscsiInterface"), [5] = Str("fsType"), [6] = Bool("readOnly"),
            [7] = Strs("portals"), [8] = Bool("chapAuthDiscovery"), [10] = MessagePtr("secretRef", "core.LocalObjectReference"),
            [11] = Bool("chapAuthSession"), [12] = StrPtr("initiatorName"),
        },
        ["core.GlusterfsVolumeSource"] = new() { [1] = Str("endpoints"), [2] = Str("path"), [3] = Bool("readOnly") },
        ["core.PersistentVolumeClaimVolumeSource"] = new() { [1] = Str("claimName"), [2] = Bool("readOnly") },
        ["core.RBDVolumeSource"] = new()
        {
            [1] = Strs("monitors"), [2] = Str("image"), [3] = Str("fsType"), [4] = Str("pool"), [5] = Str("user"), [6] = Str("keyring"),
            [7] = MessagePtr("secretRef", "core.LocalObjectReference"), [8] = Bool("readOnly"),
        },
        ["core.FlexVolumeSource"] = new()
        {
            [1] = Str("driver"), [2] = Str("fsType"), [3] = MessagePtr("secretRef", "core.LocalObjectReference"), [4] = Bool("readOnly"),
            [5] = StrMap("options"),
        },
        ["core.CinderVolumeSource"] = new()
        {
            [1] = Str("volumeID"), [2] = Str("fsType"), [3] = Bool("readOnly"), [4] = MessagePtr("secretRef", "core.LocalObjectReference"),
        },
        ["core.CephFSVolumeSource"] = new()
        {
            [1] = Strs("monitors"), [2] = Str("path"), [3] = Str("user"), [4] = Str("secretFile"),
            [5] = MessagePtr("secretRef", "core.LocalObjectReference"), [6] = Bool("readOnly"),
        },
        ["core.FlockerVolumeSource"] = new() { [1] = Str("datasetName"), [2] = Str("datasetUUID") },
        ["core.DownwardAPIVolumeSource"] = new() { [1] = Messages("items", "core.DownwardAPIVolumeFile"), [2] = I32Ptr("defaultMode") },
        ["core.FCVolumeSource"] = new()
        {
            [1] = Strs("targetWWNs"), [2] = I32Ptr("lun"), [3] = Str("fsType"), [4] = Bool("readOnly"), [5] = Strs("wwids"),
        },
        ["core.AzureFileVolumeSource"] = new() { [1] = Str("secretName"), [2] = Str("shareName"), [3] = Bool("readOnly") },
        ["core.ConfigMapVolumeSource"] = new()
        {
            [1] = Inline("core.LocalObjectReference"), [2] = Messages("items", "core.KeyToPath"), [3] = I32Ptr("defaultMode"),
            [4] = BoolPtr("optional"),
        },
        ["core.VsphereVirtualDiskVolumeSource"] = new()
        {
            [1] = Str("volumePath"), [2] = Str("fsType"), [3] = Str("storagePolicyName"), [4] = Str("storagePolicyID"),
        },
        ["core.QuobyteVolumeSource"] = new()
        {
            [1] = Str("registry"), [2] = Str("volume"), [3] = Bool("readOnly"), [4] = Str("user"), [5] = Str("group"), [6] = Str("tenant"),
        },
        ["core.AzureDiskVolumeSource"] = new()
        {
            [1] = Str("diskName"), [2] = Str("diskURI"), [3] = StrPtr("cachingMode"), [4] = StrPtr("fsType"), [5] = BoolPtr("readOnly"),
            [6] = StrPtr("kind"),
        },
        ["core.PhotonPersistentDiskVolumeSource"] = new() { [1] = Str("pdID"), [2] = Str("fsType") },
        ["core.PortworxVolumeSource"] = new() { [1] = Str("volumeID"), [2] = Str("fsType"), [3] = Bool("readOnly") },
        ["core.ScaleIOVolumeSource"] = new()
        {
            [1] = Str("gateway"), [2] = Str("system"), [3] = MessagePtr("secretRef", "core.LocalObjectReference"), [4] = Bool("sslEnabled"),
            [5] = Str("protectionDomain"), [6] = Str("storagePool"), [7] = Str("storageMode"), [8] = Str("volumeName"), [9] = Str("fsType"),
            [10] = Bool("readOnly"),
        },
        ["core.ProjectedVolumeSource"] = new() { [1] = Messages("sources", "core.VolumeProjection"), [2] = I32Ptr("defaultMode") },
        ["core.StorageOSVolumeSource"] = new()
        {
            [1] = Str("volumeName"), [2] = Str("volumeNamespace"), [3] = Str("fsType"), [4] = Bool("readOnly"),
            [5] = MessagePtr("secretRef", "core.LocalObjectReference"),
        },
        ["core.CSIVolumeSource"] = new()
        {
            [1] = Str("driver"), [2] = BoolPtr("readOnly"), [3] = StrPtr("fsType"), [4] = StrMap("volumeAttributes"),
            [5] = MessagePtr("nodePublishSecretRef", "core.LocalObjectReference"),
        },
        ["core.EphemeralVolumeSource"] = new() { [1] = MessagePtr("volumeClaimTemplate", "core.PersistentVolumeClaimTemplate") },
        ["core.ImageVolumeSource"] = new() { [1] = Str("reference"), [2] = Str("pullPolicy") },
        ["core.KeyToPath"] = new() { [1] = Str("key"), [2] = Str("path"), [3] = I32Ptr("mode") },
        ["core.DownwardAPIVolumeFile"] = new()
        {
            [1] = Str("path"), [2] = MessagePtr("fieldRef", "core.ObjectFieldSelector"),
            [3] = MessagePtr("resourceFieldRef", "core.ResourceFieldSelector"), [4] = I32Ptr("mode"),
        },
        ["core.VolumeProjection"] = new()
        {
            [1] = MessagePtr("secret", "core.SecretProjection"), [2] = MessagePtr("downwardAPI", "core.DownwardAPIProjection"),
            [3] = MessagePtr("configMap", "core.ConfigMapProjection"), [4] = MessagePtr("serviceAccountToken", "core.ServiceAccountTokenProjection"),
            [5] = MessagePtr("clusterTrustBundle", "core.ClusterTrustBundleProjection"),
        },
        ["core.PersistentVolumeClaimTemplate"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.PersistentVolumeClaimSpec"),
        },
        ["core.SecretProjection"] = new()
        {
            [1] = Inline("core.LocalObjectReference"), [2] = Messages("items", "core.KeyToPath"), [4] = BoolPtr("optional"),
        },
        ["core.DownwardAPIProjection"] = new() { [1] = Messages("items", "core.DownwardAPIVolumeFile") },
        ["core.ConfigMapProjection"] = new()
        {
            [1] = Inline("core.LocalObjectReference"), [2] = Messages("items", "core.KeyToPath"), [4] = BoolPtr("optional"),
        },
        ["core.ServiceAccountTokenProjection"] = new() { [1] = Str("audience"), [2] = I64Ptr("expirationSeconds"), [3] = Str("path") },
        ["core.ClusterTrustBundleProjection"] = new()
        {
            [1] = StrPtr("name"), [2] = StrPtr("signerName"), [3] = MessagePtr("labelSelector", "meta.LabelSelector"), [4] = Str("path"),
            [5] = BoolPtr("optional"),
        },
        ["core.PersistentVolumeClaimSpec"] = new()
        {
            [1] = Strs("accessModes"), [2] = Message("resources", "core.VolumeResourceRequirements"), [3] = Str("volumeName"),
            [4] = MessagePtr("selector", "meta.LabelSelector"), [5] = StrPtr("storageClassName"), [6] = StrPtr("volumeMode"),
            [7] = MessagePtr("dataSource", "core.TypedLocalObjectReference"), [8] = MessagePtr("dataSourceRef", "core.TypedObjectReference"),
            [9] = StrPtr("volumeAttributesClassName"),
        },
        ["core.VolumeResourceRequirements"] = new() { [1] = QuantityMap("limits"), [2] = QuantityMap("requests") },
    };
}
