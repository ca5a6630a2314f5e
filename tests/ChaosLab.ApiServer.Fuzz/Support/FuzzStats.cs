using System.Globalization;
using System.Text;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>
/// What one property's run sent and got back, per category of input (the part of a case's name before its first
/// colon: "wrong type", "deep YAML", "query list"): how many cases, how many invalid by construction, and the status
/// codes seen. It feeds the property's log line, the run's closing table, and the check that the run reached the server.
/// </summary>
public sealed class FuzzStats(string property, int planned)
{
    private readonly SortedDictionary<int, int> _codes = [];
    private readonly SortedDictionary<string, Category> _categories = new(StringComparer.Ordinal);

    public string Property { get; } = property;

    /// <summary>The cases the property was to send.</summary>
    public int Planned { get; } = planned;

    public int Cases { get; private set; }

    public int KnownInvalid { get; private set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Set when a case broke a property: which one, in a few words.</summary>
    public string? Broken { get; set; }

    public void Add(FuzzRequest request, FuzzResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        Cases++;
        KnownInvalid += request.KnownInvalid ? 1 : 0;
        Count(_codes, response.Code);
        var name = request.Case.Split(':', 2)[0];
        if (!_categories.TryGetValue(name, out var category))
        {
            _categories[name] = category = new Category();
        }
        category.Cases++;
        category.Invalid += request.KnownInvalid ? 1 : 0;
        Count(category.Codes, response.Code);
    }

    /// <summary>A run that never got a 2xx, or never a 4xx, did not reach what it was written for.</summary>
    public void AssertReachedTheServer()
    {
        Assert.That(_codes.Keys.Any(c => c is >= 200 and < 300), Is.True, $"{Property}: no request was accepted ({Summary}); the generators no longer make valid requests");
        Assert.That(_codes.Keys.Any(c => c is >= 400 and < 500), Is.True, $"{Property}: no request was refused ({Summary})");
    }

    /// <summary>One line: cases, time, answers and invalid inputs.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Cases} cases in {Elapsed.TotalSeconds:0.0} s; answers {Codes(_codes)}; {KnownInvalid} invalid by construction, {(Broken is null ? "none accepted" : "broken: " + Broken)}");

    /// <summary>The property's lines of the run's closing table: a heading, then one line per category.</summary>
    public IEnumerable<string> Table(int width)
    {
        yield return $"{Property}: {Summary}";
        foreach (var (name, category) in _categories)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"  {name.PadRight(width)} {category.Cases,5} {category.Invalid,7}  {Codes(category.Codes)}");
        }
    }

    /// <summary>The longest category name, to line the table up.</summary>
    public int NameWidth => _categories.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();

    /// <summary>Status codes seen over the whole property.</summary>
    public IReadOnlyDictionary<int, int> StatusCodes => _codes;

    public static string Codes(IEnumerable<KeyValuePair<int, int>> codes)
    {
        var text = new StringBuilder();
        foreach (var (code, count) in codes)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(CultureInfo.InvariantCulture, $"{code}×{count}");
        }
        return text.ToString();
    }

    private static void Count(SortedDictionary<int, int> codes, int code) => codes[code] = codes.GetValueOrDefault(code) + 1;

    private sealed class Category
    {
        public int Cases { get; set; }

        public int Invalid { get; set; }

        public SortedDictionary<int, int> Codes { get; } = [];
    }
}
