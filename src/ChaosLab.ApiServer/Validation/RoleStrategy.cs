using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// rbac.authorization.k8s.io Role and ClusterRole, as upstream's ValidateRole / ValidateClusterRole: every rule has
/// verbs and either resources with API groups or (ClusterRoles only) non-resource URLs; a ClusterRole's
/// aggregationRule needs selectors. Escalation is checked at admission (RbacEscalationCheck).
/// </summary>
public sealed class RoleStrategy(ResourceType type) : GenericStrategy(type)
{
    protected override Func<string, IReadOnlyList<string>> NameRule => RbacNames.IsValidPathSegmentName;

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        foreach (var (i, rule) in obj.Items("rules"))
        {
            causes.AddRange(ValidateRule(rule, $"rules[{i}]", Type.Namespaced));
        }
        if (obj["aggregationRule"] is JsonObject aggregation)
        {
            var selectors = aggregation.Items("clusterRoleSelectors").ToList();
            if (selectors.Count == 0)
            {
                causes.Add(Causes.Required("aggregationRule.clusterRoleSelectors"));
            }
            foreach (var (i, selector) in selectors)
            {
                causes.AddRange(LabelSelectors.Validate(selector, $"aggregationRule.clusterRoleSelectors[{i}]"));
            }
        }
        return causes;
    }

    internal static IEnumerable<FieldCause> ValidateRule(JsonObject rule, string path, bool namespaced)
    {
        if (rule.Strings("verbs").Count == 0)
        {
            yield return Causes.Required($"{path}.verbs", "verbs must contain at least one value");
        }
        var urls = rule.Strings("nonResourceURLs");
        if (urls.Count > 0)
        {
            if (namespaced)
            {
                yield return Causes.InvalidRaw($"{path}.nonResourceURLs", Causes.GoStrings(urls), "namespaced rules cannot apply to non-resource URLs");
            }
            if (rule.Strings("apiGroups").Count > 0 || rule.Strings("resources").Count > 0)
            {
                yield return Causes.InvalidRaw($"{path}.nonResourceURLs", Causes.GoStrings(urls), "rules cannot apply to both regular resources and non-resource URLs");
            }
            yield break;
        }
        if (rule.Strings("apiGroups").Count == 0)
        {
            yield return Causes.Required($"{path}.apiGroups", "resource rules must supply at least one api group");
        }
        if (rule.Strings("resources").Count == 0)
        {
            yield return Causes.Required($"{path}.resources", "resource rules must supply at least one resource");
        }
    }
}
