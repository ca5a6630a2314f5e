using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api discovery/v1: EndpointSlice. Its EndpointPort numbers differ from core/v1's. Numbers from upstream's
/// generated.proto (v0.32).
/// </summary>
internal static class DiscoverySchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["discovery.EndpointSlice"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Messages("endpoints", "discovery.Endpoint"),
            [3] = Messages("ports", "discovery.EndpointPort"), [4] = Str("addressType"),
        },
        ["discovery.Endpoint"] = new()
        {
            [1] = Strs("addresses"), [2] = Message("conditions", "discovery.EndpointConditions"), [3] = StrPtr("hostname"),
            [4] = MessagePtr("targetRef", "core.ObjectReference"), [5] = StrMap("deprecatedTopology"), [6] = StrPtr("nodeName"),
            [7] = StrPtr("zone"), [8] = MessagePtr("hints", "discovery.EndpointHints"),
        },
        ["discovery.EndpointPort"] = new() { [1] = StrPtr("name"), [2] = StrPtr("protocol"), [3] = I32Ptr("port"), [4] = StrPtr("appProtocol") },
        ["discovery.EndpointConditions"] = new() { [1] = BoolPtr("ready"), [2] = BoolPtr("serving"), [3] = BoolPtr("terminating") },
        ["discovery.EndpointHints"] = new() { [1] = Messages("forZones", "discovery.ForZone") },
        ["discovery.ForZone"] = new() { [1] = Str("name") },
    };
}
