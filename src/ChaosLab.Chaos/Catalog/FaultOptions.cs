using System.Globalization;
using ChaosLab.Chaos.Targets;
using ChaosLab.Client.Flags;

namespace ChaosLab.Chaos.Catalog;

/// <summary>
/// A fault's options as text (from the CLI or a scenario step), read once each with a clear error
/// for a missing, malformed or unknown option.
/// </summary>
public sealed class FaultOptions(string fault, IReadOnlyDictionary<string, string> values)
{
    private readonly HashSet<string> _read = [];

    public TargetSelector Target(string name = "target") => TargetSelector.Parse(Required(name));

    public TargetSelector? OptionalTarget(string name) => Optional(name) is { } text ? TargetSelector.Parse(text) : null;

    public string Required(string name) =>
        Optional(name) ?? throw new FaultOptionsException($"{fault}: option --{name} is required");

    public string? Optional(string name)
    {
        _read.Add(name);
        return values.TryGetValue(name, out var value) ? value : null;
    }

    public double Number(string name)
    {
        var text = Required(name).TrimEnd('%');
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FaultOptionsException($"{fault}: --{name} '{text}' is not a number");
    }

    public TimeSpan Duration(string name, TimeSpan? fallback = null)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback ?? throw new FaultOptionsException($"{fault}: option --{name} is required");
        }
        if (text.TrimStart().StartsWith('-'))
        {
            throw new FaultOptionsException($"{fault}: --{name} must not be negative (got {text})");
        }
        try
        {
            var value = GoDuration.Parse(text);
            return value >= TimeSpan.Zero ? value : throw new FaultOptionsException($"{fault}: --{name} must not be negative (got {text})");
        }
        catch (FormatException)
        {
            throw new FaultOptionsException($"{fault}: --{name} '{text}' is not a duration (write 100ms, 2s, 1m)");
        }
    }

    public bool Flag(string name) =>
        Optional(name) switch
        {
            null or "false" => false,
            "" or "true" => true,
            var other => throw new FaultOptionsException($"{fault}: --{name} takes no value or true/false (got '{other}')"),
        };

    /// <summary>Throws when an option was given that this fault never read.</summary>
    public void EnsureAllUsed()
    {
        var unknown = values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new FaultOptionsException($"{fault}: unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "--" + u))}; it takes {string.Join(", ", _read.Select(r => "--" + r))}");
        }
    }
}
