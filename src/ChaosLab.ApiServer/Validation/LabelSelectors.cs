using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>A metav1.LabelSelector in wire form: its validation, matching, and Go rendering for messages.</summary>
internal static class LabelSelectors
{
    private static readonly string[] Operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    public static bool IsEmpty(JsonObject selector) =>
        selector.Obj("matchLabels") is null or { Count: 0 } && selector.Arr("matchExpressions") is null or { Count: 0 };

    public static IEnumerable<FieldCause> Validate(JsonObject selector, string path)
    {
        var causes = ObjectMetaValidator.ValidateLabels(selector.Map("matchLabels"), $"{path}.matchLabels").ToList();
        foreach (var (i, expression) in selector.Items("matchExpressions"))
        {
            var at = $"{path}.matchExpressions[{i}]";
            var op = expression.S("operator");
            var values = expression.Strings("values");
            if (op is "In" or "NotIn" && values.Count == 0)
            {
                causes.Add(Causes.Required($"{at}.values", "must be specified when `operator` is 'In' or 'NotIn'"));
            }
            else if (op is "Exists" or "DoesNotExist" && values.Count > 0)
            {
                causes.Add(FieldCause.Forbidden($"{at}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
            }
            else if (!Operators.Contains(op))
            {
                causes.Add(Causes.Invalid($"{at}.operator", op, "not a valid selector operator"));
            }
            var key = expression.S("key");
            causes.AddRange(Causes.Each($"{at}.key", key, NameRules.IsQualifiedName(key)));
            for (var v = 0; v < values.Count; v++) causes.AddRange(Causes.Each($"{at}.values[{v}]", values[v], NameRules.IsValidLabelValue(values[v])));
        }
        return causes;
    }

    public static bool Matches(JsonObject selector, IReadOnlyList<KeyValuePair<string, string>>? labels)
    {
        var set = (labels ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return (selector.Map("matchLabels") ?? []).All(p => set.TryGetValue(p.Key, out var v) && v == p.Value)
               && selector.Items("matchExpressions").All(e => Matches(e.Item, set));
    }

    private static bool Matches(JsonObject expression, Dictionary<string, string> labels)
    {
        var present = labels.TryGetValue(expression.S("key"), out var value);
        var values = expression.Strings("values");
        return expression.S("operator") switch
        {
            "In" => present && values.Contains(value!),
            "NotIn" => !present || !values.Contains(value!),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => false,
        };
    }

    /// <summary>%#v of a v1.LabelSelector, as upstream prints it in "field is immutable" and empty-selector errors.</summary>
    public static string GoString(JsonObject? selector)
    {
        var expressions = selector.Arr("matchExpressions") is null
            ? "[]v1.LabelSelectorRequirement(nil)"
            : "[]v1.LabelSelectorRequirement{" + string.Join(", ", selector.Items("matchExpressions").Select(e =>
                $"v1.LabelSelectorRequirement{{Key:{Causes.Quote(e.Item.S("key"))}, Operator:{Causes.Quote(e.Item.S("operator"))}, Values:{Causes.GoStrings(e.Item.Arr("values") is null ? null : e.Item.Strings("values"))}}}")) + "}";
        return $"v1.LabelSelector{{MatchLabels:{Causes.GoMap(selector.Map("matchLabels"))}, MatchExpressions:{expressions}}}";
    }
}
