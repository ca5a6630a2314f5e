using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ChaosLab.Lab.Topology;

/// <summary>
/// Passes a parser's events on, but stops with a <see cref="YamlLimitException"/> at the first one that nests the
/// document deeper than <see cref="MaxDepth"/> or makes its aliases expand to more than <see cref="MaxAliasedValues"/>
/// values. YamlStream builds nodes recursively and hashes and compares keys by walking through aliases, so without
/// these limits a deeply nested file overflows the stack and an alias bomb runs for ever, instead of being reported.
/// Topology files are a few dozen values; both limits are far above that.
/// </summary>
internal sealed class LimitedYamlParser(IParser parser) : IParser
{
    public const int MaxDepth = 64;
    public const int MaxAliasedValues = 10_000;

    private readonly Stack<OpenCollection> open = new();
    private readonly Dictionary<string, Extent> anchors = new(StringComparer.Ordinal);
    private long aliasedValues;

    public ParsingEvent? Current => parser.Current;

    public bool MoveNext()
    {
        if (!parser.MoveNext())
            return false;
        switch (parser.Current)
        {
            case Scalar scalar:
                Finish(scalar.Anchor, new Extent(1, 0));
                break;
            case AnchorAlias alias:
                Alias(alias);
                break;
            case SequenceStart or MappingStart:
                Open((NodeEvent)parser.Current);
                break;
            case SequenceEnd or MappingEnd:
                Close();
                break;
        }
        return true;
    }

    private void Open(NodeEvent start)
    {
        if (open.Count >= MaxDepth)
            throw TooDeep(start.Start);
        open.Push(new OpenCollection(start.Anchor));
    }

    private void Close()
    {
        if (open.TryPop(out var closed))
            Finish(closed.Anchor, closed.Extent);
    }

    private void Alias(AnchorAlias alias)
    {
        // YamlStream would accept an alias to a later anchor or to the node around it, and the latter is a cycle.
        if (!anchors.TryGetValue(alias.Value.Value, out var target))
            throw new YamlLimitException(alias.Start, $"alias *{alias.Value.Value} does not refer to a complete node anchored before it");
        if (open.Count + target.Height > MaxDepth)
            throw TooDeep(alias.Start);
        aliasedValues += target.Values;
        if (aliasedValues > MaxAliasedValues)
            throw new YamlLimitException(alias.Start, $"aliases expand to more than {MaxAliasedValues} values; a topology needs only a few");
        AddToParent(target);
    }

    private void Finish(AnchorName anchor, Extent extent)
    {
        if (!anchor.IsEmpty)
            anchors[anchor.Value] = extent;
        AddToParent(extent);
    }

    private void AddToParent(Extent child)
    {
        if (open.TryPeek(out var parent))
            parent.Extent = new Extent(parent.Extent.Values + child.Values, Math.Max(parent.Extent.Height, child.Height + 1));
    }

    private static YamlLimitException TooDeep(Mark at) =>
        new(at, $"nested deeper than {MaxDepth} levels; a topology needs only a few");

    /// <summary>How many values a node is, aliases expanded, and how many collection levels it spans.</summary>
    private readonly record struct Extent(long Values, int Height);

    private sealed class OpenCollection(AnchorName anchor)
    {
        public AnchorName Anchor { get; } = anchor;

        public Extent Extent { get; set; } = new(1, 1);
    }
}
