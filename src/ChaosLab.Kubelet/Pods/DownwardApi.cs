using System.Globalization;
using System.Text;
using k8s.Models;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// The downward API's values, for env (fieldRef, resourceFieldRef) and for downwardAPI volume files, in upstream's
/// formats: labels and annotations as sorted `key="value"` lines, resources rounded up to whole divisors, limits a
/// container does not set being the node's allocatable.
/// </summary>
public static class DownwardApi
{
    /// <summary>What only the kubelet knows about the pod: its addresses and its node.</summary>
    public sealed record PodRuntimeFields(string PodIp, string HostIp, string NodeName);

    /// <summary>A field's value, or null when the path is not one upstream serves.</summary>
    public static string? FieldValue(V1Pod pod, string? path, PodRuntimeFields? runtime)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var meta = pod.Metadata;
        switch (path)
        {
            case "metadata.name": return meta.Name;
            case "metadata.namespace": return meta.NamespaceProperty;
            case "metadata.uid": return meta.Uid;
            case "metadata.labels": return FormatMap(meta.Labels);
            case "metadata.annotations": return FormatMap(meta.Annotations);
            case "spec.serviceAccountName": return pod.Spec.ServiceAccountName ?? "";
            case "spec.nodeName": return runtime?.NodeName ?? pod.Spec.NodeName;
            case "status.podIP" or "status.podIPs": return runtime?.PodIp;
            case "status.hostIP" or "status.hostIPs": return runtime?.HostIp;
        }
        if (Subscript(path, "metadata.labels") is { } label)
        {
            return meta.Labels?.TryGetValue(label, out var value) == true ? value : "";
        }
        if (Subscript(path, "metadata.annotations") is { } annotation)
        {
            return meta.Annotations?.TryGetValue(annotation, out var value) == true ? value : "";
        }
        return null;
    }

    /// <summary>
    /// A container resource (limits.cpu, requests.memory, ...) divided by the divisor and rounded up, or null when the
    /// resource is not one upstream serves.
    /// </summary>
    public static string? ResourceValue(V1Container container, V1ResourceFieldSelector selector)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(selector);
        var parts = selector.Resource?.Split('.', 2);
        if (parts is not { Length: 2 } || parts[0] is not ("limits" or "requests") || parts[1] is not ("cpu" or "memory" or "ephemeral-storage"))
        {
            return null;
        }
        var (kind, name) = (parts[0], parts[1]);
        var set = kind == "limits" ? container.Resources?.Limits : container.Resources?.Requests;
        decimal amount = set is not null && set.TryGetValue(name, out var quantity)
            ? quantity.ToDecimal()
            : kind == "limits" ? NodeAllocatable(name) : 0;
        var divisor = selector.Divisor?.ToDecimal() is { } d && d != 0 ? d : 1m;
        if (name == "cpu")
        {
            // Upstream divides millicores, so a divisor below 1m counts as 1m.
            var milli = Math.Ceiling(amount * 1000);
            var divisorMilli = Math.Max(1, Math.Ceiling(divisor * 1000));
            return ((long)Math.Ceiling(milli / divisorMilli)).ToString(CultureInfo.InvariantCulture);
        }
        return ((long)Math.Ceiling(Math.Ceiling(amount) / Math.Max(1, Math.Ceiling(divisor)))).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Labels or annotations as upstream writes them: `key="value"` per line, sorted by key, values Go-quoted.</summary>
    public static string FormatMap(IDictionary<string, string>? map) =>
        string.Join('\n', (map ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={GoQuote(p.Value)}"));

    private static string? Subscript(string? path, string prefix) =>
        path is not null && path.StartsWith(prefix + "['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
            ? path[(prefix.Length + 2)..^2]
            : null;

    private static decimal NodeAllocatable(string resource) => resource switch
    {
        "cpu" => Environment.ProcessorCount,
        "memory" => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        _ => new DriveInfo("/").TotalSize,
    };

    /// <summary>Go's strconv.Quote: C-style escapes for controls, \u or \U for what Go does not count as printable.</summary>
    private static string GoQuote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var rune in value.EnumerateRunes())
        {
            quoted.Append(rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                < ' ' or 0x7f => $"\\x{rune.Value:x2}",
                _ when IsGoPrintable(rune) => rune.ToString(),
                < 0x10000 => $"\\u{rune.Value:x4}",
                _ => $"\\U{rune.Value:x8}",
            });
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space; not other spaces, controls, formats.</summary>
    private static bool IsGoPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) is not (
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned);
}
