using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/apimachinery meta/v1: ObjectMeta, label and field selectors, DeleteOptions. ObjectMeta's managedFields (17) are left
/// out: a protobuf body's are not read, so the stored entries carry on as for any body without them. Numbers from
/// upstream's generated.proto (v0.32).
/// </summary>
internal static class MetaSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["meta.DeleteOptions"] = new()
        {
            [1] = I64Ptr("gracePeriodSeconds"), [2] = MessagePtr("preconditions", "meta.Preconditions"), [3] = BoolPtr("orphanDependents"),
            [4] = StrPtr("propagationPolicy"), [5] = Strs("dryRun"), [6] = BoolPtr("ignoreStoreReadErrorWithClusterBreakingPotential"),
        },
        ["meta.ObjectMeta"] = new()
        {
            [1] = Str("name"), [2] = Str("generateName"), [3] = Str("namespace"), [4] = Str("selfLink"), [5] = Str("uid"),
            [6] = Str("resourceVersion"), [7] = I64("generation"), [8] = Time("creationTimestamp"), [9] = TimePtr("deletionTimestamp"),
            [10] = I64Ptr("deletionGracePeriodSeconds"), [11] = StrMap("labels"), [12] = StrMap("annotations"),
            [13] = Messages("ownerReferences", "meta.OwnerReference"), [14] = Strs("finalizers"),
        },
        ["meta.Preconditions"] = new() { [1] = StrPtr("uid"), [2] = StrPtr("resourceVersion") },
        ["meta.OwnerReference"] = new()
        {
            [1] = Str("kind"), [3] = Str("name"), [4] = Str("uid"), [5] = Str("apiVersion"), [6] = BoolPtr("controller"),
            [7] = BoolPtr("blockOwnerDeletion"),
        },
        ["meta.Condition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = I64("observedGeneration"), [4] = Time("lastTransitionTime"), [5] = Str("reason"),
            [6] = Str("message"),
        },
        ["meta.LabelSelector"] = new() { [1] = StrMap("matchLabels"), [2] = Messages("matchExpressions", "meta.LabelSelectorRequirement") },
        ["meta.LabelSelectorRequirement"] = new() { [1] = Str("key"), [2] = Str("operator"), [3] = Strs("values") },
        ["meta.FieldSelectorRequirement"] = new() { [1] = Str("key"), [2] = Str("operator"), [3] = Strs("values") },
    };
}
