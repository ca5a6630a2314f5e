using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security;
using ChaosLab.ApiServer.Security.Reviews;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// Serves the review APIs (authorization.k8s.io and authentication.k8s.io): a create whose answer is the posted
/// object with its status filled in, 201, and nothing stored. Any other verb is 405.
/// </summary>
public sealed class ReviewHandler(Authorizer authorizer, Authenticator authenticator)
{
    public async Task HandleAsync(HttpContext context, ResourceRequest request, string verb, RequestUser user)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var type = request.Type;
        if (verb != "create" || request.Name is not null || request.Subresource is not null)
        {
            throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({type.QualifiedName} only supports create)");
        }
        var ct = context.RequestAborted;
        var body = await RequestBody.ReadObjectAsync(context.Request, ct);
        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
        var meta = body["metadata"] as JsonObject ?? [];
        meta["creationTimestamp"] = null;
        body["metadata"] = meta;
        var answer = type.Kind switch
        {
            "SelfSubjectRulesReview" => RulesReview.Review(body, user, authorizer.Rbac),
            "SelfSubjectReview" => IdentityReview.SelfSubject(body, user),
            "TokenReview" => IdentityReview.Token(body, authenticator.FromToken),
            _ => await AccessReview.ReviewAsync(body, type.Kind, user, request.Namespace, authorizer, ct),
        };
        await ResponseWriter.WriteJsonAsync(context.Response, 201, answer);
    }
}
