using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Security.Reviews;

/// <summary>
/// authentication.k8s.io SelfSubjectReview (`kubectl auth whoami`: who the server takes the caller for, after
/// impersonation) and TokenReview (whether a bearer token is one the server's authenticator accepts, and whose).
/// </summary>
public static class IdentityReview
{
    public static JsonObject SelfSubject(JsonObject review, RequestUser caller)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(caller);
        review["status"] = new JsonObject { ["userInfo"] = UserInfo(caller) };
        return review;
    }

    public static JsonObject Token(JsonObject review, Func<string, RequestUser?> authenticateToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(authenticateToken);
        var token = review.Obj("spec").S("token");
        if (token.Length == 0)
        {
            throw ApiException.BadRequest("token is required for TokenReview in authentication");
        }
        var user = authenticateToken(token);
        var status = user is null
            ? new JsonObject { ["user"] = new JsonObject(), ["error"] = "invalid bearer token" }
            : new JsonObject { ["authenticated"] = true, ["user"] = UserInfo(user) };
        if (review.Obj("spec").Arr("audiences") is { Count: > 0 } audiences && user is not null)
        {
            status["audiences"] = audiences.DeepClone();
        }
        review["status"] = status;
        return review;
    }

    private static JsonObject UserInfo(RequestUser user) => new()
    {
        ["username"] = user.Name,
        ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)JsonValue.Create(g)!)]),
    };
}
