using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api core/v1: the Pod and everything under PodSpec and PodStatus except volumes (containers, probes, env,
/// resources, security contexts, affinity, tolerations, topology spread). Numbers from upstream's generated.proto
/// (v0.32).
/// </summary>
internal static class CorePodSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["core.Pod"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.PodSpec"), [3] = Message("status", "core.PodStatus"),
        },
        ["core.PodTemplateSpec"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.PodSpec") },
        ["core.PodSpec"] = new()
        {
            [1] = Messages("volumes", "core.Volume"), [2] = Messages("containers", "core.Container"), [3] = Str("restartPolicy"),
            [4] = I64Ptr("terminationGracePeriodSeconds"), [5] = I64Ptr("activeDeadlineSeconds"), [6] = Str("dnsPolicy"),
            [7] = StrMap("nodeSelector"), [8] = Str("serviceAccountName"), [9] = Str("serviceAccount"), [10] = Str("nodeName"),
            [11] = Bool("hostNetwork"), [12] = Bool("hostPID"), [13] = Bool("hostIPC"),
            [14] = MessagePtr("securityContext", "core.PodSecurityContext"), [15] = Messages("imagePullSecrets", "core.LocalObjectReference"),
            [16] = Str("hostname"), [17] = Str("subdomain"), [18] = MessagePtr("affinity", "core.Affinity"), [19] = Str("schedulerName"),
            [20] = Messages("initContainers", "core.Container"), [21] = BoolPtr("automountServiceAccountToken"),
            [22] = Messages("tolerations", "core.Toleration"), [23] = Messages("hostAliases", "core.HostAlias"), [24] = Str("priorityClassName"),
            [25] = I32Ptr("priority"), [26] = MessagePtr("dnsConfig", "core.PodDNSConfig"), [27] = BoolPtr("shareProcessNamespace"),
            [28] = Messages("readinessGates", "core.PodReadinessGate"), [29] = StrPtr("runtimeClassName"), [30] = BoolPtr("enableServiceLinks"),
            [31] = StrPtr("preemptionPolicy"), [32] = QuantityMap("overhead"),
            [33] = Messages("topologySpreadConstraints", "core.TopologySpreadConstraint"),
            [34] = Messages("ephemeralContainers", "core.EphemeralContainer"), [35] = BoolPtr("setHostnameAsFQDN"),
            [36] = MessagePtr("os", "core.PodOS"), [37] = BoolPtr("hostUsers"), [38] = Messages("schedulingGates", "core.PodSchedulingGate"),
            [39] = Messages("resourceClaims", "core.PodResourceClaim"), [40] = MessagePtr("resources", "core.ResourceRequirements"),
        },
        ["core.PodStatus"] = new()
        {
            [1] = Str("phase"), [2] = Messages("conditions", "core.PodCondition"), [3] = Str("message"), [4] = Str("reason"), [5] = Str("hostIP"),
            [6] = Str("podIP"), [7] = TimePtr("startTime"), [8] = Messages("containerStatuses", "core.ContainerStatus"), [9] = Str("qosClass"),
            [10] = Messages("initContainerStatuses", "core.ContainerStatus"), [11] = Str("nominatedNodeName"),
            [12] = Messages("podIPs", "core.PodIP"), [13] = Messages("ephemeralContainerStatuses", "core.ContainerStatus"), [14] = Str("resize"),
            [15] = Messages("resourceClaimStatuses", "core.PodResourceClaimStatus"), [16] = Messages("hostIPs", "core.HostIP"),
        },
        ["core.Container"] = new()
        {
            [1] = Str("name"), [2] = Str("image"), [3] = Strs("command"), [4] = Strs("args"), [5] = Str("workingDir"),
            [6] = Messages("ports", "core.ContainerPort"), [7] = Messages("env", "core.EnvVar"),
            [8] = Message("resources", "core.ResourceRequirements"), [9] = Messages("volumeMounts", "core.VolumeMount"),
            [10] = MessagePtr("livenessProbe", "core.Probe"), [11] = MessagePtr("readinessProbe", "core.Probe"),
            [12] = MessagePtr("lifecycle", "core.Lifecycle"), [13] = Str("terminationMessagePath"), [14] = Str("imagePullPolicy"),
            [15] = MessagePtr("securityContext", "core.SecurityContext"), [16] = Bool("stdin"), [17] = Bool("stdinOnce"), [18] = Bool("tty"),
            [19] = Messages("envFrom", "core.EnvFromSource"), [20] = Str("terminationMessagePolicy"),
            [21] = Messages("volumeDevices", "core.VolumeDevice"), [22] = MessagePtr("startupProbe", "core.Probe"),
            [23] = Messages("resizePolicy", "core.ContainerResizePolicy"), [24] = StrPtr("restartPolicy"),
        },
        ["core.PodSecurityContext"] = new()
        {
            [1] = MessagePtr("seLinuxOptions", "core.SELinuxOptions"), [2] = I64Ptr("runAsUser"), [3] = BoolPtr("runAsNonRoot"),
            [4] = I64s("supplementalGroups"), [5] = I64Ptr("fsGroup"), [6] = I64Ptr("runAsGroup"), [7] = Messages("sysctls", "core.Sysctl"),
            [8] = MessagePtr("windowsOptions", "core.WindowsSecurityContextOptions"), [9] = StrPtr("fsGroupChangePolicy"),
            [10] = MessagePtr("seccompProfile", "core.SeccompProfile"), [11] = MessagePtr("appArmorProfile", "core.AppArmorProfile"),
            [12] = StrPtr("supplementalGroupsPolicy"), [13] = StrPtr("seLinuxChangePolicy"),
        },
        ["core.Affinity"] = new()
        {
            [1] = MessagePtr("nodeAffinity", "core.NodeAffinity"), [2] = MessagePtr("podAffinity", "core.PodAffinity"),
            [3] = MessagePtr("podAntiAffinity", "core.PodAntiAffinity"),
        },
        ["core.Toleration"] = new()
        {
            [1] = Str("key"), [2] = Str("operator"), [3] = Str("value"), [4] = Str("effect"), [5] = I64Ptr("tolerationSeconds"),
        },
        ["core.HostAlias"] = new() { [1] = Str("ip"), [2] = Strs("hostnames") },
        ["core.PodDNSConfig"] = new() { [1] = Strs("nameservers"), [2] = Strs("searches"), [3] = Messages("options", "core.PodDNSConfigOption") },
        ["core.PodReadinessGate"] = new() { [1] = Str("conditionType") },
        ["core.TopologySpreadConstraint"] = new()
        {
            [1] = I32("maxSkew"), [2] = Str("topologyKey"), [3] = Str("whenUnsatisfiable"), [4] = MessagePtr("labelSelector", "meta.LabelSelector"),
            [5] = I32Ptr("minDomains"), [6] = StrPtr("nodeAffinityPolicy"), [7] = StrPtr("nodeTaintsPolicy"), [8] = Strs("matchLabelKeys"),
        },
        ["core.EphemeralContainer"] = new() { [1] = Inline("core.EphemeralContainerCommon"), [2] = Str("targetContainerName") },
        ["core.PodOS"] = new() { [1] = Str("name") },
        ["core.PodSchedulingGate"] = new() { [1] = Str("name") },
        ["core.PodResourceClaim"] = new() { [1] = Str("name"), [3] = StrPtr("resourceClaimName"), [4] = StrPtr("resourceClaimTemplateName") },
        ["core.ResourceRequirements"] = new()
        {
            [1] = QuantityMap("limits"), [2] = QuantityMap("requests"), [3] = Messages("claims", "core.ResourceClaim"),
        },
        ["core.PodCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastProbeTime"), [4] = Time("lastTransitionTime"), [5] = Str("reason"),
            [6] = Str("message"),
        },
        ["core.ContainerStatus"] = new()
        {
            [1] = Str("name"), [2] = Message("state", "core.ContainerState"), [3] = Message("lastState", "core.ContainerState"), [4] = Bool("ready"),
            [5] = I32("restartCount"), [6] = Str("image"), [7] = Str("imageID"), [8] = Str("containerID"), [9] = BoolPtr("started"),
            [10] = QuantityMap("allocatedResources"), [11] = MessagePtr("resources", "core.ResourceRequirements"),
            [12] = Messages("volumeMounts", "core.VolumeMountStatus"), [13] = MessagePtr("user", "core.ContainerUser"),
            [14] = Messages("allocatedResourcesStatus", "core.ResourceStatus"),
        },
        ["core.PodIP"] = new() { [1] = Str("ip") },
        ["core.PodResourceClaimStatus"] = new() { [1] = Str("name"), [2] = StrPtr("resourceClaimName") },
        ["core.HostIP"] = new() { [1] = Str("ip") },
        ["core.ContainerPort"] = new()
        {
            [1] = Str("name"), [2] = I32("hostPort"), [3] = I32("containerPort"), [4] = Str("protocol"), [5] = Str("hostIP"),
        },
        ["core.EnvVar"] = new() { [1] = Str("name"), [2] = Str("value"), [3] = MessagePtr("valueFrom", "core.EnvVarSource") },
        ["core.VolumeMount"] = new()
        {
            [1] = Str("name"), [2] = Bool("readOnly"), [3] = Str("mountPath"), [4] = Str("subPath"), [5] = StrPtr("mountPropagation"),
            [6] = Str("subPathExpr"), [7] = StrPtr("recursiveReadOnly"),
        },
        ["core.Probe"] = new()
        {
            [1] = Inline("core.ProbeHandler"), [2] = I32("initialDelaySeconds"), [3] = I32("timeoutSeconds"), [4] = I32("periodSeconds"),
            [5] = I32("successThreshold"), [6] = I32("failureThreshold"), [7] = I64Ptr("terminationGracePeriodSeconds"),
        },
        ["core.Lifecycle"] = new() { [1] = MessagePtr("postStart", "core.LifecycleHandler"), [2] = MessagePtr("preStop", "core.LifecycleHandler") },
        ["core.SecurityContext"] = new()
        {
            [1] = MessagePtr("capabilities", "core.Capabilities"), [2] = BoolPtr("privileged"),
            [3] = MessagePtr("seLinuxOptions", "core.SELinuxOptions"), [4] = I64Ptr("runAsUser"), [5] = BoolPtr("runAsNonRoot"),
            [6] = BoolPtr("readOnlyRootFilesystem"), [7] = BoolPtr("allowPrivilegeEscalation"), [8] = I64Ptr("runAsGroup"),
            [9] = StrPtr("procMount"), [10] = MessagePtr("windowsOptions", "core.WindowsSecurityContextOptions"),
            [11] = MessagePtr("seccompProfile", "core.SeccompProfile"), [12] = MessagePtr("appArmorProfile", "core.AppArmorProfile"),
        },
        ["core.EnvFromSource"] = new()
        {
            [1] = Str("prefix"), [2] = MessagePtr("configMapRef", "core.ConfigMapEnvSource"), [3] = MessagePtr("secretRef", "core.SecretEnvSource"),
        },
        ["core.VolumeDevice"] = new() { [1] = Str("name"), [2] = Str("devicePath") },
        ["core.ContainerResizePolicy"] = new() { [1] = Str("resourceName"), [2] = Str("restartPolicy") },
        ["core.SELinuxOptions"] = new() { [1] = Str("user"), [2] = Str("role"), [3] = Str("type"), [4] = Str("level") },
        ["core.Sysctl"] = new() { [1] = Str("name"), [2] = Str("value") },
        ["core.WindowsSecurityContextOptions"] = new()
        {
            [1] = StrPtr("gmsaCredentialSpecName"), [2] = StrPtr("gmsaCredentialSpec"), [3] = StrPtr("runAsUserName"), [4] = BoolPtr("hostProcess"),
        },
        ["core.SeccompProfile"] = new() { [1] = Str("type"), [2] = StrPtr("localhostProfile") },
        ["core.AppArmorProfile"] = new() { [1] = Str("type"), [2] = StrPtr("localhostProfile") },
        ["core.NodeAffinity"] = new()
        {
            [1] = MessagePtr("requiredDuringSchedulingIgnoredDuringExecution", "core.NodeSelector"),
            [2] = Messages("preferredDuringSchedulingIgnoredDuringExecution", "core.PreferredSchedulingTerm"),
        },
        ["core.PodAffinity"] = new()
        {
            [1] = Messages("requiredDuringSchedulingIgnoredDuringExecution", "core.PodAffinityTerm"),
            [2] = Messages("preferredDuringSchedulingIgnoredDuringExecution", "core.WeightedPodAffinityTerm"),
        },
        ["core.PodAntiAffinity"] = new()
        {
            [1] = Messages("requiredDuringSchedulingIgnoredDuringExecution", "core.PodAffinityTerm"),
            [2] = Messages("preferredDuringSchedulingIgnoredDuringExecution", "core.WeightedPodAffinityTerm"),
        },
        ["core.PodDNSConfigOption"] = new() { [1] = Str("name"), [2] = StrPtr("value") },
        ["core.EphemeralContainerCommon"] = new()
        {
            [1] = Str("name"), [2] = Str("image"), [3] = Strs("command"), [4] = Strs("args"), [5] = Str("workingDir"),
            [6] = Messages("ports", "core.ContainerPort"), [7] = Messages("env", "core.EnvVar"),
            [8] = Message("resources", "core.ResourceRequirements"), [9] = Messages("volumeMounts", "core.VolumeMount"),
            [10] = MessagePtr("livenessProbe", "core.Probe"), [11] = MessagePtr("readinessProbe", "core.Probe"),
            [12] = MessagePtr("lifecycle", "core.Lifecycle"), [13] = Str("terminationMessagePath"), [14] = Str("imagePullPolicy"),
            [15] = MessagePtr("securityContext", "core.SecurityContext"), [16] = Bool("stdin"), [17] = Bool("stdinOnce"), [18] = Bool("tty"),
            [19] = Messages("envFrom", "core.EnvFromSource"), [20] = Str("terminationMessagePolicy"),
            [21] = Messages("volumeDevices", "core.VolumeDevice"), [22] = MessagePtr("startupProbe", "core.Probe"),
            [23] = Messages("resizePolicy", "core.ContainerResizePolicy"), [24] = StrPtr("restartPolicy"),
        },
        ["core.ResourceClaim"] = new() { [1] = Str("name"), [2] = Str("request") },
        ["core.ContainerState"] = new()
        {
            [1] = MessagePtr("waiting", "core.ContainerStateWaiting"), [2] = MessagePtr("running", "core.ContainerStateRunning"),
            [3] = MessagePtr("terminated", "core.ContainerStateTerminated"),
        },
        ["core.VolumeMountStatus"] = new() { [1] = Str("name"), [2] = Str("mountPath"), [3] = Bool("readOnly"), [4] = StrPtr("recursiveReadOnly") },
        ["core.ContainerUser"] = new() { [1] = MessagePtr("linux", "core.LinuxContainerUser") },
        ["core.ResourceStatus"] = new() { [1] = Str("name"), [2] = Messages("resources", "core.ResourceHealth") },
        ["core.EnvVarSource"] = new()
        {
            [1] = MessagePtr("fieldRef", "core.ObjectFieldSelector"), [2] = MessagePtr("resourceFieldRef", "core.ResourceFieldSelector"),
            [3] = MessagePtr("configMapKeyRef", "core.ConfigMapKeySelector"), [4] = MessagePtr("secretKeyRef", "core.SecretKeySelector"),
        },
        ["core.ProbeHandler"] = new()
        {
            [1] = MessagePtr("exec", "core.ExecAction"), [2] = MessagePtr("httpGet", "core.HTTPGetAction"),
            [3] = MessagePtr("tcpSocket", "core.TCPSocketAction"), [4] = MessagePtr("grpc", "core.GRPCAction"),
        },
        ["core.LifecycleHandler"] = new()
        {
            [1] = MessagePtr("exec", "core.ExecAction"), [2] = MessagePtr("httpGet", "core.HTTPGetAction"),
            [3] = MessagePtr("tcpSocket", "core.TCPSocketAction"), [4] = MessagePtr("sleep", "core.SleepAction"),
        },
        ["core.Capabilities"] = new() { [1] = Strs("add"), [2] = Strs("drop") },
        ["core.ConfigMapEnvSource"] = new() { [1] = Inline("core.LocalObjectReference"), [2] = BoolPtr("optional") },
        ["core.SecretEnvSource"] = new() { [1] = Inline("core.LocalObjectReference"), [2] = BoolPtr("optional") },
        ["core.NodeSelector"] = new() { [1] = Messages("nodeSelectorTerms", "core.NodeSelectorTerm") },
        ["core.PreferredSchedulingTerm"] = new() { [1] = I32("weight"), [2] = Message("preference", "core.NodeSelectorTerm") },
        ["core.PodAffinityTerm"] = new()
        {
            [1] = MessagePtr("labelSelector", "meta.LabelSelector"), [2] = Strs("namespaces"), [3] = Str("topologyKey"),
            [4] = MessagePtr("namespaceSelector", "meta.LabelSelector"), [5] = Strs("matchLabelKeys"), [6] = Strs("mismatchLabelKeys"),
        },
        ["core.WeightedPodAffinityTerm"] = new() { [1] = I32("weight"), [2] = Message("podAffinityTerm", "core.PodAffinityTerm") },
        ["core.ContainerStateWaiting"] = new() { [1] = Str("reason"), [2] = Str("message") },
        ["core.ContainerStateRunning"] = new() { [1] = Time("startedAt") },
        ["core.ContainerStateTerminated"] = new()
        {
            [1] = I32("exitCode"), [2] = I32("signal"), [3] = Str("reason"), [4] = Str("message"), [5] = Time("startedAt"), [6] = Time("finishedAt"),
            [7] = Str("containerID"),
        },
        ["core.LinuxContainerUser"] = new() { [1] = I64("uid"), [2] = I64("gid"), [3] = I64s("supplementalGroups") },
        ["core.ResourceHealth"] = new() { [1] = Str("resourceID"), [2] = Str("health") },
        ["core.ObjectFieldSelector"] = new() { [1] = Str("apiVersion"), [2] = Str("fieldPath") },
        ["core.ResourceFieldSelector"] = new() { [1] = Str("containerName"), [2] = Str("resource"), [3] = Quantity("divisor") },
        ["core.ConfigMapKeySelector"] = new() { [1] = Inline("core.LocalObjectReference"), [2] = Str("key"), [3] = BoolPtr("optional") },
        ["core.SecretKeySelector"] = new() { [1] = Inline("core.LocalObjectReference"), [2] = Str("key"), [3] = BoolPtr("optional") },
        ["core.ExecAction"] = new() { [1] = Strs("command") },
        ["core.HTTPGetAction"] = new()
        {
            [1] = Str("path"), [2] = IntOrString("port"), [3] = Str("host"), [4] = Str("scheme"), [5] = Messages("httpHeaders", "core.HTTPHeader"),
        },
        ["core.TCPSocketAction"] = new() { [1] = IntOrString("port"), [2] = Str("host") },
        ["core.GRPCAction"] = new() { [1] = I32("port"), [2] = StrPtr("service") },
        ["core.SleepAction"] = new() { [1] = I64("seconds") },
        ["core.NodeSelectorTerm"] = new()
        {
            [1] = Messages("matchExpressions", "core.NodeSelectorRequirement"), [2] = Messages("matchFields", "core.NodeSelectorRequirement"),
        },
        ["core.HTTPHeader"] = new() { [1] = Str("name"), [2] = Str("value") },
        ["core.NodeSelectorRequirement"] = new() { [1] = Str("key"), [2] = Str("operator"), [3] = Strs("values") },
        ["core.TypedLocalObjectReference"] = new() { [1] = StrPtr("apiGroup"), [2] = Str("kind"), [3] = Str("name") },
        ["core.TypedObjectReference"] = new() { [1] = StrPtr("apiGroup"), [2] = Str("kind"), [3] = Str("name"), [4] = StrPtr("namespace") },
    };
}
