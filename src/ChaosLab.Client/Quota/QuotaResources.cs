using k8s.Models;

namespace ChaosLab.Client.Quota;

/// <summary>Arithmetic over resource lists (name → quantity) as upstream's quota helpers: add, subtract, mask, compare, print.</summary>
public static class QuotaResources
{
    public static Dictionary<string, ResourceQuantity> Add(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        var result = Copy(a);
        foreach (var (name, quantity) in b ?? new Dictionary<string, ResourceQuantity>())
        {
            result[name] = result.TryGetValue(name, out var existing) ? Sum(existing, quantity, 1) : quantity;
        }
        return result;
    }

    public static Dictionary<string, ResourceQuantity> Subtract(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        var result = Copy(a);
        foreach (var (name, quantity) in b ?? new Dictionary<string, ResourceQuantity>())
        {
            result[name] = result.TryGetValue(name, out var existing) ? Sum(existing, quantity, -1) : Scaled(quantity, -1);
        }
        return result;
    }

    /// <summary>Only the named resources.</summary>
    public static Dictionary<string, ResourceQuantity> Mask(IDictionary<string, ResourceQuantity>? list, IEnumerable<string> names)
    {
        var keep = names.ToHashSet(StringComparer.Ordinal);
        return (list ?? new Dictionary<string, ResourceQuantity>()).Where(p => keep.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>The resources of <paramref name="a"/> above their limit in <paramref name="b"/> (resources <paramref name="b"/> does not name are not limited).</summary>
    public static IReadOnlyList<string> Exceeding(IDictionary<string, ResourceQuantity> a, IDictionary<string, ResourceQuantity> b) =>
        [.. a.Where(p => b.TryGetValue(p.Key, out var limit) && Value(p.Value) > Value(limit)).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>Upstream's prettyPrint: name=quantity, names sorted, comma-joined.</summary>
    public static string Print(IDictionary<string, ResourceQuantity> list) =>
        string.Join(",", list.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public static bool Equal(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        a ??= new Dictionary<string, ResourceQuantity>();
        b ??= new Dictionary<string, ResourceQuantity>();
        return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && Value(p.Value) == Value(other));
    }

    public static decimal Value(ResourceQuantity? quantity) => quantity is null ? 0 : quantity.ToDecimal();

    public static ResourceQuantity Quantity(decimal value, ResourceQuantity.SuffixFormat format) => new(value, 0, format);

    public static ResourceQuantity Count(long count) => Quantity(count, ResourceQuantity.SuffixFormat.DecimalSI);

    private static Dictionary<string, ResourceQuantity> Copy(IDictionary<string, ResourceQuantity>? list) =>
        new(list ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);

    private static ResourceQuantity Sum(ResourceQuantity a, ResourceQuantity b, int sign) => Quantity(Value(a) + sign * Value(b), a.Format);

    private static ResourceQuantity Scaled(ResourceQuantity a, int sign) => Quantity(sign * Value(a), a.Format);
}
