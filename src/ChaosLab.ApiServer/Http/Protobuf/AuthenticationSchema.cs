using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api authentication.k8s.io/v1: TokenRequest (serviceaccounts/token), TokenReview and SelfSubjectReview. A
/// user's extra values are lists of strings (ExtraValue). Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class AuthenticationSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["authentication.TokenRequest"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authentication.TokenRequestSpec"),
            [3] = Message("status", "authentication.TokenRequestStatus"),
        },
        ["authentication.TokenReview"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "authentication.TokenReviewSpec"),
            [3] = Message("status", "authentication.TokenReviewStatus"),
        },
        ["authentication.SelfSubjectReview"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("status", "authentication.SelfSubjectReviewStatus"),
        },
        ["authentication.TokenRequestSpec"] = new()
        {
            [1] = Strs("audiences"), [3] = MessagePtr("boundObjectRef", "authentication.BoundObjectReference"), [4] = I64Ptr("expirationSeconds"),
        },
        ["authentication.TokenRequestStatus"] = new() { [1] = Str("token"), [2] = Time("expirationTimestamp") },
        ["authentication.TokenReviewSpec"] = new() { [1] = Str("token"), [2] = Strs("audiences") },
        ["authentication.TokenReviewStatus"] = new()
        {
            [1] = Bool("authenticated"), [2] = Message("user", "authentication.UserInfo"), [3] = Str("error"), [4] = Strs("audiences"),
        },
        ["authentication.SelfSubjectReviewStatus"] = new() { [1] = Message("userInfo", "authentication.UserInfo") },
        ["authentication.BoundObjectReference"] = new() { [1] = Str("kind"), [2] = Str("apiVersion"), [3] = Str("name"), [4] = Str("uid") },
        ["authentication.UserInfo"] = new() { [1] = Str("username"), [2] = Str("uid"), [3] = Strs("groups"), [4] = StrListMap("extra") },
    };
}
