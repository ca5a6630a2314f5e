using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api core/v1: the other core kinds (Namespace, Node, Service, Endpoints, Event, ConfigMap, Secret,
/// ServiceAccount) and the references they share. Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class CoreSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["core.Service"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.ServiceSpec"), [3] = Message("status", "core.ServiceStatus"),
        },
        ["core.Endpoints"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Messages("subsets", "core.EndpointSubset") },
        ["core.Node"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.NodeSpec"), [3] = Message("status", "core.NodeStatus"),
        },
        ["core.Event"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("involvedObject", "core.ObjectReference"), [3] = Str("reason"),
            [4] = Str("message"), [5] = Message("source", "core.EventSource"), [6] = Time("firstTimestamp"), [7] = Time("lastTimestamp"),
            [8] = I32("count"), [9] = Str("type"), [10] = MicroTime("eventTime"), [11] = MessagePtr("series", "core.EventSeries"),
            [12] = Str("action"), [13] = MessagePtr("related", "core.ObjectReference"), [14] = Str("reportingComponent"),
            [15] = Str("reportingInstance"),
        },
        ["core.Namespace"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.NamespaceSpec"),
            [3] = Message("status", "core.NamespaceStatus"),
        },
        ["core.ConfigMap"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = StrMap("data"), [3] = BytesMap("binaryData"), [4] = BoolPtr("immutable"),
        },
        ["core.Secret"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = BytesMap("data"), [3] = Str("type"), [4] = StrMap("stringData"),
            [5] = BoolPtr("immutable"),
        },
        ["core.ServiceAccount"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Messages("secrets", "core.ObjectReference"),
            [3] = Messages("imagePullSecrets", "core.LocalObjectReference"), [4] = BoolPtr("automountServiceAccountToken"),
        },
        ["core.ServiceSpec"] = new()
        {
            [1] = Messages("ports", "core.ServicePort"), [2] = StrMap("selector"), [3] = Str("clusterIP"), [4] = Str("type"),
            [5] = Strs("externalIPs"), [7] = Str("sessionAffinity"), [8] = Str("loadBalancerIP"), [9] = Strs("loadBalancerSourceRanges"),
            [10] = Str("externalName"), [11] = Str("externalTrafficPolicy"), [12] = I32("healthCheckNodePort"),
            [13] = Bool("publishNotReadyAddresses"), [14] = MessagePtr("sessionAffinityConfig", "core.SessionAffinityConfig"),
            [17] = StrPtr("ipFamilyPolicy"), [18] = Strs("clusterIPs"), [19] = Strs("ipFamilies"), [20] = BoolPtr("allocateLoadBalancerNodePorts"),
            [21] = StrPtr("loadBalancerClass"), [22] = StrPtr("internalTrafficPolicy"), [23] = StrPtr("trafficDistribution"),
        },
        ["core.ServiceStatus"] = new() { [1] = Message("loadBalancer", "core.LoadBalancerStatus"), [2] = Messages("conditions", "meta.Condition") },
        ["core.EndpointSubset"] = new()
        {
            [1] = Messages("addresses", "core.EndpointAddress"), [2] = Messages("notReadyAddresses", "core.EndpointAddress"),
            [3] = Messages("ports", "core.EndpointPort"),
        },
        ["core.NodeSpec"] = new()
        {
            [1] = Str("podCIDR"), [2] = Str("externalID"), [3] = Str("providerID"), [4] = Bool("unschedulable"),
            [5] = Messages("taints", "core.Taint"), [6] = MessagePtr("configSource", "core.NodeConfigSource"), [7] = Strs("podCIDRs"),
        },
        ["core.NodeStatus"] = new()
        {
            [1] = QuantityMap("capacity"), [2] = QuantityMap("allocatable"), [3] = Str("phase"), [4] = Messages("conditions", "core.NodeCondition"),
            [5] = Messages("addresses", "core.NodeAddress"), [6] = Message("daemonEndpoints", "core.NodeDaemonEndpoints"),
            [7] = Message("nodeInfo", "core.NodeSystemInfo"), [8] = Messages("images", "core.ContainerImage"), [9] = Strs("volumesInUse"),
            [10] = Messages("volumesAttached", "core.AttachedVolume"), [11] = MessagePtr("config", "core.NodeConfigStatus"),
            [12] = Messages("runtimeHandlers", "core.NodeRuntimeHandler"), [13] = MessagePtr("features", "core.NodeFeatures"),
        },
        ["core.ObjectReference"] = new()
        {
            [1] = Str("kind"), [2] = Str("namespace"), [3] = Str("name"), [4] = Str("uid"), [5] = Str("apiVersion"), [6] = Str("resourceVersion"),
            [7] = Str("fieldPath"),
        },
        ["core.EventSource"] = new() { [1] = Str("component"), [2] = Str("host") },
        ["core.EventSeries"] = new() { [1] = I32("count"), [2] = MicroTime("lastObservedTime") },
        ["core.NamespaceSpec"] = new() { [1] = Strs("finalizers") },
        ["core.NamespaceStatus"] = new() { [1] = Str("phase"), [2] = Messages("conditions", "core.NamespaceCondition") },
        ["core.LocalObjectReference"] = new() { [1] = Str("name") },
        ["core.ServicePort"] = new()
        {
            [1] = Str("name"), [2] = Str("protocol"), [3] = I32("port"), [4] = IntOrString("targetPort"), [5] = I32("nodePort"),
            [6] = StrPtr("appProtocol"),
        },
        ["core.SessionAffinityConfig"] = new() { [1] = MessagePtr("clientIP", "core.ClientIPConfig") },
        ["core.LoadBalancerStatus"] = new() { [1] = Messages("ingress", "core.LoadBalancerIngress") },
        ["core.EndpointAddress"] = new()
        {
            [1] = Str("ip"), [2] = MessagePtr("targetRef", "core.ObjectReference"), [3] = Str("hostname"), [4] = StrPtr("nodeName"),
        },
        ["core.EndpointPort"] = new() { [1] = Str("name"), [2] = I32("port"), [3] = Str("protocol"), [4] = StrPtr("appProtocol") },
        ["core.Taint"] = new() { [1] = Str("key"), [2] = Str("value"), [3] = Str("effect"), [4] = TimePtr("timeAdded") },
        ["core.NodeConfigSource"] = new() { [2] = MessagePtr("configMap", "core.ConfigMapNodeConfigSource") },
        ["core.NodeCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastHeartbeatTime"), [4] = Time("lastTransitionTime"), [5] = Str("reason"),
            [6] = Str("message"),
        },
        ["core.NodeAddress"] = new() { [1] = Str("type"), [2] = Str("address") },
        ["core.NodeDaemonEndpoints"] = new() { [1] = Message("kubeletEndpoint", "core.DaemonEndpoint") },
        ["core.NodeSystemInfo"] = new()
        {
            [1] = Str("machineID"), [2] = Str("systemUUID"), [3] = Str("bootID"), [4] = Str("kernelVersion"), [5] = Str("osImage"),
            [6] = Str("containerRuntimeVersion"), [7] = Str("kubeletVersion"), [8] = Str("kubeProxyVersion"), [9] = Str("operatingSystem"),
            [10] = Str("architecture"),
        },
        ["core.ContainerImage"] = new() { [1] = Strs("names"), [2] = I64("sizeBytes") },
        ["core.AttachedVolume"] = new() { [1] = Str("name"), [2] = Str("devicePath") },
        ["core.NodeConfigStatus"] = new()
        {
            [1] = MessagePtr("assigned", "core.NodeConfigSource"), [2] = MessagePtr("active", "core.NodeConfigSource"),
            [3] = MessagePtr("lastKnownGood", "core.NodeConfigSource"), [4] = Str("error"),
        },
        ["core.NodeRuntimeHandler"] = new() { [1] = Str("name"), [2] = MessagePtr("features", "core.NodeRuntimeHandlerFeatures") },
        ["core.NodeFeatures"] = new() { [1] = BoolPtr("supplementalGroupsPolicy") },
        ["core.NamespaceCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [4] = Time("lastTransitionTime"), [5] = Str("reason"), [6] = Str("message"),
        },
        ["core.ClientIPConfig"] = new() { [1] = I32Ptr("timeoutSeconds") },
        ["core.LoadBalancerIngress"] = new()
        {
            [1] = Str("ip"), [2] = Str("hostname"), [3] = StrPtr("ipMode"), [4] = Messages("ports", "core.PortStatus"),
        },
        ["core.ConfigMapNodeConfigSource"] = new()
        {
            [1] = Str("namespace"), [2] = Str("name"), [3] = Str("uid"), [4] = Str("resourceVersion"), [5] = Str("kubeletConfigKey"),
        },
        ["core.DaemonEndpoint"] = new() { [1] = I32("Port") },
        ["core.NodeRuntimeHandlerFeatures"] = new() { [1] = BoolPtr("recursiveReadOnlyMounts"), [2] = BoolPtr("userNamespaces") },
        ["core.PortStatus"] = new() { [1] = I32("port"), [2] = Str("protocol"), [3] = StrPtr("error") },
    };
}
