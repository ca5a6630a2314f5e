using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// Reads one YAML document from the parser's events into a <see cref="YamlValue"/>. It keeps the open collections on
/// an explicit stack rather than recursing, so no input can exhaust the thread's stack, and it rejects what would
/// make a small body a huge or deep JSON tree: nesting deeper than <see cref="RequestBody.MaxDepth"/> (counting what
/// aliases add) and aliases that expand to more values than the document writes (the "billion laughs"). It notes every
/// key a mapping sets twice, which only a strict reading refuses.
/// </summary>
internal sealed class YamlEventReader
{
    /// <summary>Aliases may always expand to this many values; a bigger document may expand to as many as it writes.</summary>
    public const long MinAliasBudget = 100_000;

    private readonly IParser parser;
    private readonly Dictionary<string, YamlValue> anchors = new(StringComparer.Ordinal);
    private readonly Stack<OpenCollection> open = new();
    private YamlValue? root;
    private long writtenValues;
    private long aliasedValues;
    private long largestAlias;
    private Mark largestAliasAt = Mark.Empty;
    private readonly List<DuplicateKey> duplicates = [];

    private YamlEventReader(IParser parser) => this.parser = parser;

    /// <summary>Reads the document whose DocumentStart is the parser's current event, up to its DocumentEnd.</summary>
    public static YamlValue ReadDocument(IParser parser) => ReadDocument(parser, out _);

    /// <summary>As <see cref="ReadDocument(IParser)"/>, and the keys set twice in a mapping, in document order.</summary>
    public static YamlValue ReadDocument(IParser parser, out IReadOnlyList<DuplicateKey> duplicateKeys)
    {
        var reader = new YamlEventReader(parser);
        var document = reader.Read();
        duplicateKeys = reader.duplicates;
        return document;
    }

    private YamlValue Read()
    {
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case Scalar scalar:
                    ReadScalar(scalar);
                    break;
                case AnchorAlias alias:
                    ReadAlias(alias);
                    break;
                case SequenceStart start:
                    Open(YamlValue.Sequence(), start);
                    break;
                case MappingStart start:
                    Open(YamlValue.Mapping(), start);
                    break;
                case SequenceEnd or MappingEnd:
                    Close(parser.Current.Start);
                    break;
                case DocumentEnd:
                    return Finish();
            }
        }
        // The parser reports a truncated stream itself; this only guards against a parser that does not.
        throw new YamlException(Mark.Empty, Mark.Empty, "the document ended unexpectedly");
    }

    /// <summary>The next event is a mapping key, which must become a JSON property name.</summary>
    private bool AtKey => open.TryPeek(out var parent) && parent.Value.Kind == YamlValueKind.Mapping && parent.Key is null;

    private void ReadScalar(Scalar scalar)
    {
        var value = YamlValue.Scalar(scalar.Value, scalar.Style);
        if (!AtKey)
        {
            writtenValues++;
        }
        Remember(scalar.Anchor, value);
        Add(value, scalar.Start);
    }

    private void ReadAlias(AnchorAlias alias)
    {
        if (!anchors.TryGetValue(alias.Value.Value, out var target))
        {
            throw YamlToJson.Error(alias.Start, $"unknown anchor '{alias.Value.Value}' referenced");
        }
        if (AtKey)
        {
            if (target.Kind != YamlValueKind.Scalar)
            {
                throw YamlToJson.Error(alias.Start, $"invalid map key: {Describe(target.Kind)}");
            }
            Add(target, alias.Start);
            return;
        }
        if (open.Count + target.Height > RequestBody.MaxDepth)
        {
            throw DepthExceeded(alias.Start);
        }
        aliasedValues = YamlValue.AddSizes(aliasedValues, target.Size);
        if (target.Size > largestAlias)
        {
            largestAlias = target.Size;
            largestAliasAt = alias.Start;
        }
        Add(target, alias.Start);
    }

    private void Open(YamlValue collection, NodeEvent start)
    {
        if (AtKey)
        {
            throw YamlToJson.Error(start.Start, $"invalid map key: {Describe(collection.Kind)}");
        }
        if (open.Count >= RequestBody.MaxDepth)
        {
            throw DepthExceeded(start.Start);
        }
        writtenValues++;
        open.Push(new OpenCollection(collection, start.Anchor));
    }

    private void Close(Mark at)
    {
        if (!open.TryPop(out var closed))
        {
            throw new YamlException(at, at, "a collection ends that was never started");
        }
        Remember(closed.Anchor, closed.Value);
        Add(closed.Value, at);
    }

    /// <summary>Puts a finished value where the document has it: as the root, a sequence item, a key or a key's value.</summary>
    private void Add(YamlValue value, Mark at)
    {
        if (!open.TryPeek(out var parent))
        {
            root = value;
        }
        else if (parent.Value.Kind == YamlValueKind.Sequence)
        {
            parent.Value.AddItem(value);
        }
        else if (parent.Key is null)
        {
            parent.Key = value.Text;
            if (!parent.Keys.Add(value.Text))
            {
                duplicates.Add(new DuplicateKey(value.Text, at));
            }
        }
        else
        {
            parent.Value.AddEntry(parent.Key, value);
            parent.Key = null;
        }
    }

    private void Remember(AnchorName anchor, YamlValue value)
    {
        // An anchor is known from the end of its node on, so no alias can point into its own anchor's node.
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = value;
        }
    }

    private YamlValue Finish()
    {
        // Checked once the whole document is read, because its size sets the budget; nothing was expanded so far.
        if (aliasedValues > Math.Max(MinAliasBudget, writtenValues))
        {
            throw YamlToJson.Error(largestAliasAt, "document contains excessive aliasing");
        }
        return root ?? YamlValue.Scalar("", ScalarStyle.Plain);
    }

    private static ApiException DepthExceeded(Mark at) =>
        YamlToJson.Error(at, $"exceeded max depth of {RequestBody.MaxDepth}");

    private static string Describe(YamlValueKind kind) => kind == YamlValueKind.Mapping ? "a mapping" : "a sequence";

    /// <summary>A sequence or mapping whose end has not been read yet; <see cref="Key"/> is set between a key and its value.</summary>
    private sealed class OpenCollection(YamlValue value, AnchorName anchor)
    {
        private HashSet<string>? keys;

        public YamlValue Value { get; } = value;

        public AnchorName Anchor { get; } = anchor;

        public string? Key { get; set; }

        /// <summary>The keys a mapping has set so far (made on first use: sequences have none).</summary>
        public HashSet<string> Keys => keys ??= new(StringComparer.Ordinal);
    }
}

/// <summary>A key that a mapping sets again, where it does so the second time.</summary>
internal sealed record DuplicateKey(string Key, Mark At);
