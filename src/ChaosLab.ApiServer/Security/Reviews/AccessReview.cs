using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security.Rbac;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Security.Reviews;

/// <summary>
/// authorization.k8s.io SubjectAccessReview, SelfSubjectAccessReview and LocalSubjectAccessReview: asks the
/// authorizer chain whether a user (the one in the spec, or the caller) may do what the spec's resourceAttributes or
/// nonResourceAttributes describe, and answers in status.allowed and status.reason. Validated as upstream does.
/// </summary>
public static class AccessReview
{
    public static async Task<JsonObject> ReviewAsync(JsonObject review, string kind, RequestUser caller, string? requestNamespace, Authorizer authorizer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(authorizer);
        var spec = review.Obj("spec") ?? [];
        var resource = spec.Obj("resourceAttributes");
        var nonResource = spec.Obj("nonResourceAttributes");
        var causes = Validate(kind, spec, resource, nonResource);
        if (causes.Count > 0)
        {
            throw ApiException.Invalid(kind, "authorization.k8s.io", ObjectMeta.Name(review) ?? "", causes);
        }
        if (kind == "LocalSubjectAccessReview" && resource!.S("namespace") != requestNamespace)
        {
            throw ApiException.BadRequest($"spec.resourceAttributes.namespace must match namespace: {requestNamespace}");
        }
        var user = kind == "SelfSubjectAccessReview" ? caller : new RequestUser(spec.S("user"), spec.Strings("groups"));
        var request = resource is not null
            ? AccessRequest.ForResource(user, resource.S("verb"), resource.S("group"), resource.S("resource"), resource.Str("subresource"), resource.Str("namespace"), resource.Str("name"))
            : AccessRequest.ForPath(user, nonResource!.S("verb"), nonResource.S("path"));
        var decision = await authorizer.AuthorizeAsync(request, fieldSelector: null, ct);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }
        review["status"] = status;
        return review;
    }

    private static List<FieldCause> Validate(string kind, JsonObject spec, JsonObject? resource, JsonObject? nonResource)
    {
        var causes = new List<FieldCause>();
        if (resource is null && nonResource is null)
        {
            causes.Add(Causes.InvalidRaw("spec.resourceAttributes", "\"null\"", "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        if (resource is not null && nonResource is not null)
        {
            causes.Add(Causes.InvalidRaw("spec.nonResourceAttributes", "\"{}\"", "cannot be specified in combination with resourceAttributes"));
        }
        if (kind == "SubjectAccessReview" && spec.S("user").Length == 0 && spec.Strings("groups").Count == 0)
        {
            causes.Add(Causes.Invalid("spec.user", "", "at least one of user or group must be specified"));
        }
        if (kind == "LocalSubjectAccessReview" && nonResource is not null)
        {
            causes.Add(Causes.InvalidRaw("spec.nonResourceAttributes", "\"{}\"", "disallowed on this kind of request"));
        }
        return causes;
    }
}
