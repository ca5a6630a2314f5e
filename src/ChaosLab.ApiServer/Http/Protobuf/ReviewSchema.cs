using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api authorization/v1 and authentication/v1: the review kinds (`kubectl auth can-i` and `auth whoami` send
/// them). Numbers from upstream's generated.proto (v0.32); a request's status, if any, is ignored by the server.
/// </summary>
internal static class ReviewSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["authorization.SubjectAccessReview"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authorization.SubjectAccessReviewSpec") },
        ["authorization.LocalSubjectAccessReview"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authorization.SubjectAccessReviewSpec") },
        ["authorization.SubjectAccessReviewSpec"] = new()
        {
            [1] = MessagePtr("resourceAttributes", "authorization.ResourceAttributes"), [2] = MessagePtr("nonResourceAttributes", "authorization.NonResourceAttributes"),
            [3] = Str("user"), [4] = Strs("groups"), [6] = Str("uid"),
        },
        ["authorization.SelfSubjectAccessReview"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authorization.SelfSubjectAccessReviewSpec") },
        ["authorization.SelfSubjectAccessReviewSpec"] = new()
        {
            [1] = MessagePtr("resourceAttributes", "authorization.ResourceAttributes"), [2] = MessagePtr("nonResourceAttributes", "authorization.NonResourceAttributes"),
        },
        ["authorization.ResourceAttributes"] = new()
        {
            [1] = Str("namespace"), [2] = Str("verb"), [3] = Str("group"), [4] = Str("version"), [5] = Str("resource"), [6] = Str("subresource"), [7] = Str("name"),
        },
        ["authorization.NonResourceAttributes"] = new() { [1] = Str("path"), [2] = Str("verb") },
        ["authorization.SelfSubjectRulesReview"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authorization.SelfSubjectRulesReviewSpec") },
        ["authorization.SelfSubjectRulesReviewSpec"] = new() { [1] = Str("namespace") },
        ["authentication.TokenReview"] = new() { [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authentication.TokenReviewSpec") },
        ["authentication.TokenReviewSpec"] = new() { [1] = Str("token"), [2] = Strs("audiences") },
        ["authentication.SelfSubjectReview"] = new() { [1] = Message("metadata", "meta.ObjectMeta") },
    };
}
