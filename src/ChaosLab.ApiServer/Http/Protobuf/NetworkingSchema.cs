using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api networking/v1: Ingress, IngressClass and NetworkPolicy. Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class NetworkingSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["networking.Ingress"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "networking.IngressSpec"),
            [3] = Message("status", "networking.IngressStatus"),
        },
        ["networking.IngressClass"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "networking.IngressClassSpec") },
        ["networking.NetworkPolicy"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "networking.NetworkPolicySpec") },
        ["networking.IngressSpec"] = new()
        {
            [1] = MessagePtr("defaultBackend", "networking.IngressBackend"), [2] = Messages("tls", "networking.IngressTLS"),
            [3] = Messages("rules", "networking.IngressRule"), [4] = StrPtr("ingressClassName"),
        },
        ["networking.IngressStatus"] = new() { [1] = Message("loadBalancer", "networking.IngressLoadBalancerStatus") },
        ["networking.IngressClassSpec"] = new()
        {
            [1] = Str("controller"), [2] = MessagePtr("parameters", "networking.IngressClassParametersReference"),
        },
        ["networking.NetworkPolicySpec"] = new()
        {
            [1] = Message("podSelector", "meta.LabelSelector"), [2] = Messages("ingress", "networking.NetworkPolicyIngressRule"),
            [3] = Messages("egress", "networking.NetworkPolicyEgressRule"), [4] = Strs("policyTypes"),
        },
        ["networking.IngressBackend"] = new()
        {
            [3] = MessagePtr("resource", "core.TypedLocalObjectReference"), [4] = MessagePtr("service", "networking.IngressServiceBackend"),
        },
        ["networking.IngressTLS"] = new() { [1] = Strs("hosts"), [2] = Str("secretName") },
        ["networking.IngressRule"] = new() { [1] = Str("host"), [2] = Inline("networking.IngressRuleValue") },
        ["networking.IngressLoadBalancerStatus"] = new() { [1] = Messages("ingress", "networking.IngressLoadBalancerIngress") },
        ["networking.IngressClassParametersReference"] = new()
        {
            [1] = StrPtr("apiGroup"), [2] = Str("kind"), [3] = Str("name"), [4] = StrPtr("scope"), [5] = StrPtr("namespace"),
        },
        ["networking.NetworkPolicyIngressRule"] = new()
        {
            [1] = Messages("ports", "networking.NetworkPolicyPort"), [2] = Messages("from", "networking.NetworkPolicyPeer"),
        },
        ["networking.NetworkPolicyEgressRule"] = new()
        {
            [1] = Messages("ports", "networking.NetworkPolicyPort"), [2] = Messages("to", "networking.NetworkPolicyPeer"),
        },
        ["networking.IngressServiceBackend"] = new() { [1] = Str("name"), [2] = Message("port", "networking.ServiceBackendPort") },
        ["networking.IngressRuleValue"] = new() { [1] = MessagePtr("http", "networking.HTTPIngressRuleValue") },
        ["networking.IngressLoadBalancerIngress"] = new()
        {
            [1] = Str("ip"), [2] = Str("hostname"), [4] = Messages("ports", "networking.IngressPortStatus"),
        },
        ["networking.NetworkPolicyPort"] = new() { [1] = StrPtr("protocol"), [2] = IntOrStringPtr("port"), [3] = I32Ptr("endPort") },
        ["networking.NetworkPolicyPeer"] = new()
        {
            [1] = MessagePtr("podSelector", "meta.LabelSelector"), [2] = MessagePtr("namespaceSelector", "meta.LabelSelector"),
            [3] = MessagePtr("ipBlock", "networking.IPBlock"),
        },
        ["networking.ServiceBackendPort"] = new() { [1] = Str("name"), [2] = I32("number") },
        ["networking.HTTPIngressRuleValue"] = new() { [1] = Messages("paths", "networking.HTTPIngressPath") },
        ["networking.IngressPortStatus"] = new() { [1] = I32("port"), [2] = Str("protocol"), [3] = StrPtr("error") },
        ["networking.IPBlock"] = new() { [1] = Str("cidr"), [2] = Strs("except") },
        ["networking.HTTPIngressPath"] = new() { [1] = Str("path"), [2] = Message("backend", "networking.IngressBackend"), [3] = StrPtr("pathType") },
    };
}
