using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api authorization.k8s.io/v1: SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview and
/// SelfSubjectRulesReview. Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class AuthorizationSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["authorization.SubjectAccessReview"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authorization.SubjectAccessReviewSpec"),
            [3] = Message("status", "authorization.SubjectAccessReviewStatus"),
        },
        ["authorization.SelfSubjectAccessReview"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authorization.SelfSubjectAccessReviewSpec"),
            [3] = Message("status", "authorization.SubjectAccessReviewStatus"),
        },
        ["authorization.LocalSubjectAccessReview"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authorization.SubjectAccessReviewSpec"),
            [3] = Message("status", "authorization.SubjectAccessReviewStatus"),
        },
        ["authorization.SelfSubjectRulesReview"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authorization.SelfSubjectRulesReviewSpec"),
            [3] = Message("status", "authorization.SubjectRulesReviewStatus"),
        },
        ["authorization.SubjectAccessReviewSpec"] = new()
        {
            [1] = MessagePtr("resourceAttributes", "authorization.ResourceAttributes"),
            [2] = MessagePtr("nonResourceAttributes", "authorization.NonResourceAttributes"), [3] = Str("user"), [4] = Strs("groups"),
            [5] = StrListMap("extra"), [6] = Str("uid"),
        },
        ["authorization.SubjectAccessReviewStatus"] = new()
        {
            [1] = Bool("allowed"), [2] = Str("reason"), [3] = Str("evaluationError"), [4] = Bool("denied"),
        },
        ["authorization.SelfSubjectAccessReviewSpec"] = new()
        {
            [1] = MessagePtr("resourceAttributes", "authorization.ResourceAttributes"),
            [2] = MessagePtr("nonResourceAttributes", "authorization.NonResourceAttributes"),
        },
        ["authorization.SelfSubjectRulesReviewSpec"] = new() { [1] = Str("namespace") },
        ["authorization.SubjectRulesReviewStatus"] = new()
        {
            [1] = Messages("resourceRules", "authorization.ResourceRule"), [2] = Messages("nonResourceRules", "authorization.NonResourceRule"),
            [3] = Bool("incomplete"), [4] = Str("evaluationError"),
        },
        ["authorization.ResourceAttributes"] = new()
        {
            [1] = Str("namespace"), [2] = Str("verb"), [3] = Str("group"), [4] = Str("version"), [5] = Str("resource"), [6] = Str("subresource"),
            [7] = Str("name"), [8] = MessagePtr("fieldSelector", "authorization.FieldSelectorAttributes"),
            [9] = MessagePtr("labelSelector", "authorization.LabelSelectorAttributes"),
        },
        ["authorization.NonResourceAttributes"] = new() { [1] = Str("path"), [2] = Str("verb") },
        ["authorization.ResourceRule"] = new() { [1] = Strs("verbs"), [2] = Strs("apiGroups"), [3] = Strs("resources"), [4] = Strs("resourceNames") },
        ["authorization.NonResourceRule"] = new() { [1] = Strs("verbs"), [2] = Strs("nonResourceURLs") },
        ["authorization.FieldSelectorAttributes"] = new()
        {
            [1] = Str("rawSelector"), [2] = Messages("requirements", "meta.FieldSelectorRequirement"),
        },
        ["authorization.LabelSelectorAttributes"] = new()
        {
            [1] = Str("rawSelector"), [2] = Messages("requirements", "meta.LabelSelectorRequirement"),
        },
    };
}
