using System.Globalization;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// The run's statistics, property by property, printed as one table when the run ends: per category of input the
/// cases sent, how many were invalid by construction and the status codes seen, then the totals.
/// </summary>
public sealed class FuzzReport
{
    private readonly List<FuzzStats> _properties = [];
    private readonly Lock _gate = new();

    public FuzzStats Start(string property, int planned)
    {
        var stats = new FuzzStats(property, planned);
        lock (_gate)
        {
            _properties.Add(stats);
        }
        return stats;
    }

    public IReadOnlyList<string> Lines(FuzzSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        List<FuzzStats> properties;
        lock (_gate)
        {
            properties = [.. _properties.OrderBy(p => p.Property, StringComparer.Ordinal)];
        }
        if (properties.Count == 0)
        {
            return [];
        }
        var codes = new SortedDictionary<int, int>();
        foreach (var (code, count) in properties.SelectMany(p => p.StatusCodes))
        {
            codes[code] = codes.GetValueOrDefault(code) + count;
        }
        var cases = properties.Sum(p => p.Cases);
        var broken = properties.Where(p => p.Broken is not null).Select(p => p.Property).ToList();
        var width = properties.Max(p => p.NameWidth);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"fuzz summary ({settings}): {cases} cases sent in {properties.Sum(p => p.Elapsed.TotalSeconds):0.0} s, {properties.Sum(p => p.KnownInvalid)} invalid by construction; "
                + $"{(broken.Count == 0 ? "every property held" : "broken in " + string.Join(", ", broken))}"),
            $"  {"category".PadRight(width)} {"cases",5} {"invalid",7}  answers",
        };
        lines.AddRange(properties.SelectMany(p => p.Table(width)));
        lines.Add($"all: {FuzzStats.Codes(codes)}");
        return lines;
    }
}
