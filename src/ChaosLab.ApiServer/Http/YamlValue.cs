using YamlDotNet.Core;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// One value of a YAML document as read from the parser's events. An alias shares the anchored value instead of
/// copying it, so reading never expands aliases; <see cref="Size"/> and <see cref="Height"/> say what expanding
/// would cost before anything is expanded.
/// </summary>
internal sealed class YamlValue
{
    /// <summary>Sizes stop growing here so that an alias bomb cannot overflow them; any budget is far below.</summary>
    private const long SaturatedSize = long.MaxValue / 2;

    // Only collections get lists: a big document is mostly scalars.
    private readonly List<YamlValue>? items;
    private readonly List<KeyValuePair<string, YamlValue>>? entries;

    private YamlValue(YamlValueKind kind, string text, ScalarStyle style)
    {
        Kind = kind;
        Text = text;
        Style = style;
        items = kind == YamlValueKind.Sequence ? [] : null;
        entries = kind == YamlValueKind.Mapping ? [] : null;
        Height = kind == YamlValueKind.Scalar ? 0 : 1;
    }

    public YamlValueKind Kind { get; }

    /// <summary>The text of a scalar, as written (without quotes); empty for collections.</summary>
    public string Text { get; }

    public ScalarStyle Style { get; }

    /// <summary>The items of a sequence.</summary>
    public IReadOnlyList<YamlValue> Items => items ?? [];

    /// <summary>The entries of a mapping in document order; a repeated key appears once per occurrence.</summary>
    public IReadOnlyList<KeyValuePair<string, YamlValue>> Entries => entries ?? [];

    /// <summary>How many values this one becomes when its aliases are expanded: itself and everything inside.</summary>
    public long Size { get; private set; } = 1;

    /// <summary>How many collection levels this value spans when expanded: 0 for a scalar, 1 for a flat list or map.</summary>
    public int Height { get; private set; }

    public static YamlValue Scalar(string text, ScalarStyle style) => new(YamlValueKind.Scalar, text, style);

    public static YamlValue Sequence() => new(YamlValueKind.Sequence, "", ScalarStyle.Any);

    public static YamlValue Mapping() => new(YamlValueKind.Mapping, "", ScalarStyle.Any);

    public void AddItem(YamlValue item)
    {
        (items ?? throw new InvalidOperationException("only a sequence has items")).Add(item);
        Grow(item);
    }

    public void AddEntry(string key, YamlValue value)
    {
        (entries ?? throw new InvalidOperationException("only a mapping has entries")).Add(KeyValuePair.Create(key, value));
        Grow(value);
    }

    /// <summary>Adds two sizes without overflowing.</summary>
    public static long AddSizes(long a, long b) => Math.Min(a + b, SaturatedSize);

    private void Grow(YamlValue child)
    {
        Size = AddSizes(Size, child.Size);
        Height = Math.Max(Height, child.Height + 1);
    }
}
