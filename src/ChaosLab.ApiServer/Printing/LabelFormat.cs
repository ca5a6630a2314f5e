using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>Label maps and selectors written the way apimachinery's labels package prints them.</summary>
internal static class LabelFormat
{
    /// <summary>labels.FormatLabels: "k=v,k2=v2" sorted by key, "&lt;none&gt;" when empty.</summary>
    public static string Labels(IReadOnlyList<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")).OrNone();

    /// <summary>A LabelSelector as labels.Selector.String(): requirements sorted by key, "" for an empty or absent selector.</summary>
    public static string Selector(JsonNode? selector)
    {
        var requirements = selector.StringMap("matchLabels").Select(l => (l.Key, Text: $"{l.Key}={l.Value}")).ToList();
        foreach (var e in selector.Objects("matchExpressions"))
        {
            var key = e.Str("key");
            var values = string.Join(",", e.Strings("values").Order(StringComparer.Ordinal));
            requirements.Add((key, e.Str("operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "DoesNotExist" => "!" + key,
                _ => key,
            }));
        }

        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    /// <summary>metav1.FormatLabelSelector: like <see cref="Selector"/> but "&lt;none&gt;" when empty.</summary>
    public static string SelectorOrNone(JsonNode? selector) => Selector(selector).OrNone();

    /// <summary>The Containers and Images cells of a pod template: names and images joined by commas.</summary>
    public static (string Names, string Images) Containers(JsonNode? podSpec)
    {
        var containers = podSpec.Objects("containers");
        return (string.Join(",", containers.Select(c => c.Str("name"))), string.Join(",", containers.Select(c => c.Str("image"))));
    }
}
