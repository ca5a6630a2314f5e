using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security.Rbac;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Security.Reviews;

/// <summary>
/// authorization.k8s.io SelfSubjectRulesReview (`kubectl auth can-i --list`): the caller's RBAC rules in
/// spec.namespace, split into resource and non-resource rules. Node-authorizer grants are not listed, as upstream
/// (which then says incomplete only for authorizers that cannot list rules; RBAC can).
/// </summary>
public static class RulesReview
{
    public static JsonObject Review(JsonObject review, RequestUser caller, RbacAuthorizer rbac)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(rbac);
        var ns = review.Obj("spec").S("namespace");
        if (ns.Length == 0)
        {
            throw ApiException.BadRequest("no namespace on request");
        }
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        foreach (var rule in rbac.RulesFor(caller, ns).Distinct())
        {
            if (rule.NonResourceUrls.Count > 0)
            {
                nonResourceRules.Add(new JsonObject { ["verbs"] = Strings(rule.Verbs), ["nonResourceURLs"] = Strings(rule.NonResourceUrls) });
                continue;
            }
            var item = new JsonObject { ["verbs"] = Strings(rule.Verbs), ["apiGroups"] = Strings(rule.ApiGroups), ["resources"] = Strings(rule.Resources) };
            if (rule.ResourceNames.Count > 0)
            {
                item["resourceNames"] = Strings(rule.ResourceNames);
            }
            resourceRules.Add(item);
        }
        review["status"] = new JsonObject { ["resourceRules"] = resourceRules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = false };
        return review;
    }

    private static JsonArray Strings(IReadOnlyList<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i)!)]);
}
