using System.Globalization;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Upstream qos.GetPodQOS: the class the kubelet evicts by, computed once when the pod is created.</summary>
internal static class PodQos
{
    private static readonly string[] QosResources = ["cpu", "memory"];

    public static string ClassOf(JsonObject? spec)
    {
        var requests = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var limits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var guaranteed = true;
        foreach (var container in spec.Items("containers").Concat(spec.Items("initContainers")).Select(c => c.Item))
        {
            var resources = container.Obj("resources");
            Add(requests, resources.Obj("requests"));
            var found = Add(limits, resources.Obj("limits"));
            if (!QosResources.All(found.Contains)) guaranteed = false;
        }
        if (requests.Count == 0 && limits.Count == 0) return "BestEffort";
        guaranteed = guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var l) && l == r.Value);
        return guaranteed && requests.Count == limits.Count ? "Guaranteed" : "Burstable";
    }

    /// <summary>Sums the positive cpu and memory quantities into totals; returns which of them were present.</summary>
    private static HashSet<string> Add(Dictionary<string, decimal> totals, JsonObject? list)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in QosResources)
        {
            if (list?[name] is not { } node || !TryParseQuantity(JsonAccess.Text(node), out var value) || value <= 0) continue;
            found.Add(name);
            totals[name] = totals.GetValueOrDefault(name) + value;
        }
        return found;
    }

    /// <summary>A resource.Quantity ("500m", "1.5Gi", "2e3") as a number.</summary>
    public static bool TryParseQuantity(string text, out decimal value)
    {
        value = 0;
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or '+' or '-')) end++;
        if (!decimal.TryParse(text[..end], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return false;
        var suffix = text[end..];
        decimal? scale = suffix switch
        {
            "" => 1m, "n" => 1e-9m, "u" => 1e-6m, "m" => 1e-3m, "k" => 1e3m, "M" => 1e6m, "G" => 1e9m, "T" => 1e12m, "P" => 1e15m, "E" => 1e18m,
            "Ki" => 1024m, "Mi" => 1048576m, "Gi" => 1073741824m, "Ti" => 1099511627776m, "Pi" => 1125899906842624m, "Ei" => 1152921504606846976m,
            _ when suffix.Length > 1 && suffix[0] is 'e' or 'E' && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp)
                && exp is >= -18 and <= 18 => Pow10(exp),
            _ => null,
        };
        if (scale is null) return false;
        value = number * scale.Value;
        return true;
    }

    private static decimal Pow10(int exp)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exp); i++) result = exp > 0 ? result * 10 : result / 10;
        return result;
    }
}
