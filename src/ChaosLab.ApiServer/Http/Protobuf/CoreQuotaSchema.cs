using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api core/v1: LimitRange and ResourceQuota with its scope selectors. Numbers from upstream's generated.proto
/// (v0.32).
/// </summary>
internal static class CoreQuotaSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["core.LimitRange"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.LimitRangeSpec") },
        ["core.ResourceQuota"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "core.ResourceQuotaSpec"),
            [3] = Message("status", "core.ResourceQuotaStatus"),
        },
        ["core.LimitRangeSpec"] = new() { [1] = Messages("limits", "core.LimitRangeItem") },
        ["core.ResourceQuotaSpec"] = new()
        {
            [1] = QuantityMap("hard"), [2] = Strs("scopes"), [3] = MessagePtr("scopeSelector", "core.ScopeSelector"),
        },
        ["core.ResourceQuotaStatus"] = new() { [1] = QuantityMap("hard"), [2] = QuantityMap("used") },
        ["core.LimitRangeItem"] = new()
        {
            [1] = Str("type"), [2] = QuantityMap("max"), [3] = QuantityMap("min"), [4] = QuantityMap("default"), [5] = QuantityMap("defaultRequest"),
            [6] = QuantityMap("maxLimitRequestRatio"),
        },
        ["core.ScopeSelector"] = new() { [1] = Messages("matchExpressions", "core.ScopedResourceSelectorRequirement") },
        ["core.ScopedResourceSelectorRequirement"] = new() { [1] = Str("scopeName"), [2] = Str("operator"), [3] = Strs("values") },
    };
}
