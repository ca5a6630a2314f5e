using System.Text;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Apply;

/// <summary>
/// A set of field paths as managedFields store it (fieldsV1): a tree whose edges are path elements in upstream's
/// spelling, "f:name" for a field, "k:{...}" for an associative list item by its keys, "v:..." for a set member,
/// and whose nodes say whether the path itself is in the set ("." in fieldsV1) apart from its children.
/// </summary>
public sealed class FieldSet
{
    private Dictionary<string, FieldSet>? _children;

    /// <summary>Whether the path this node stands for is itself in the set (always false for the root).</summary>
    public bool Member { get; set; }

    public IReadOnlyDictionary<string, FieldSet> Children => _children ?? (IReadOnlyDictionary<string, FieldSet>)EmptyChildren;

    private static readonly Dictionary<string, FieldSet> EmptyChildren = [];

    public bool IsEmpty => !Member && (_children is null || _children.Values.All(c => c.IsEmpty));

    /// <summary>The child for <paramref name="element"/>, created when missing.</summary>
    public FieldSet Child(string element)
    {
        _children ??= new Dictionary<string, FieldSet>(StringComparer.Ordinal);
        if (!_children.TryGetValue(element, out var child))
        {
            child = new FieldSet();
            _children[element] = child;
        }
        return child;
    }

    public FieldSet? Find(string element) => _children is not null && _children.TryGetValue(element, out var child) ? child : null;

    public void Remove(string element) => _children?.Remove(element);

    /// <summary>Marks the path <paramref name="elements"/> as a member.</summary>
    public void Insert(params string[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var node = this;
        foreach (var element in elements)
        {
            node = node.Child(element);
        }
        node.Member = true;
    }

    public bool Has(params string[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var node = this;
        foreach (var element in elements)
        {
            node = node.Find(element);
            if (node is null) return false;
        }
        return node.Member;
    }

    public FieldSet Clone()
    {
        var copy = new FieldSet { Member = Member };
        if (_children is not null)
        {
            foreach (var (element, child) in _children)
            {
                copy.Child(element).CopyFrom(child);
            }
        }
        return copy;
    }

    private void CopyFrom(FieldSet other)
    {
        Member = other.Member;
        foreach (var (element, child) in other.Children)
        {
            Child(element).CopyFrom(child);
        }
    }

    /// <summary>Every path in this set or in <paramref name="other"/>.</summary>
    public FieldSet Union(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = Clone();
        result.AddAll(other);
        return result;
    }

    private void AddAll(FieldSet other)
    {
        Member |= other.Member;
        foreach (var (element, child) in other.Children)
        {
            Child(element).AddAll(child);
        }
    }

    /// <summary>The paths of this set that are not in <paramref name="other"/> (membership only: children of a removed path stay).</summary>
    public FieldSet Difference(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new FieldSet { Member = Member && !other.Member };
        foreach (var (element, child) in Children)
        {
            var rest = other.Find(element) is { } theirs ? child.Difference(theirs) : child.Clone();
            if (!rest.IsEmpty)
            {
                result.Child(element).CopyFrom(rest);
            }
        }
        return result;
    }

    /// <summary>The paths in both sets.</summary>
    public FieldSet Intersection(FieldSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new FieldSet { Member = Member && other.Member };
        foreach (var (element, child) in Children)
        {
            if (other.Find(element) is { } theirs && child.Intersection(theirs) is { IsEmpty: false } both)
            {
                result.Child(element).CopyFrom(both);
            }
        }
        return result;
    }

    /// <summary>Every member path, parents before children, elements in upstream's order.</summary>
    public IEnumerable<IReadOnlyList<string>> Paths()
    {
        var prefix = new List<string>();
        return Walk(this, prefix);

        static IEnumerable<IReadOnlyList<string>> Walk(FieldSet node, List<string> prefix)
        {
            if (node.Member) yield return prefix.ToArray();
            foreach (var element in Ordered(node.Children.Keys))
            {
                prefix.Add(element);
                foreach (var path in Walk(node.Children[element], prefix)) yield return path;
                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    /// <summary>The set as fieldsV1: "." first, then fields, keys, values, indexes, each sorted.</summary>
    public JsonObject ToFieldsV1()
    {
        var json = new JsonObject();
        foreach (var element in Ordered(Children.Keys))
        {
            var child = Children[element];
            if (child.IsEmpty) continue;
            var inner = child.ToFieldsV1();
            if (child.Member && inner.Count > 0)
            {
                var withSelf = new JsonObject { ["."] = new JsonObject() };
                foreach (var (k, v) in inner.ToList())
                {
                    inner.Remove(k);
                    withSelf[k] = v;
                }
                inner = withSelf;
            }
            json[element] = inner;
        }
        return json;
    }

    /// <summary>Reads fieldsV1; null when it is not a well-formed one.</summary>
    public static FieldSet? FromFieldsV1(JsonNode? fields)
    {
        if (fields is not JsonObject obj) return null;
        var set = new FieldSet();
        return Read(set, obj) ? set : null;

        static bool Read(FieldSet node, JsonObject obj)
        {
            foreach (var (element, value) in obj)
            {
                if (value is not JsonObject inner) return false;
                if (element == ".")
                {
                    node.Member = true;
                    continue;
                }
                if (element.Length < 2 || element[1] != ':' || "fkvi".IndexOf(element[0], StringComparison.Ordinal) < 0) return false;
                var child = node.Child(element);
                if (inner.Count == 0)
                {
                    child.Member = true;
                }
                else if (!Read(child, inner))
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>A path as upstream prints it in conflicts: ".spec.containers[name=\"web\"].image", ".metadata.finalizers[=\"a\"]".</summary>
    public static string Format(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new StringBuilder();
        foreach (var element in path)
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var keys = JsonNode.Parse(body) as JsonObject ?? [];
                    text.Append('[').Append(string.Join(",", keys.Select(k => $"{k.Key}={k.Value?.ToJsonString() ?? "null"}"))).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }
        return text.ToString();
    }

    private static IEnumerable<string> Ordered(IEnumerable<string> elements) =>
        elements.OrderBy(e => "fkvi".IndexOf(e[0], StringComparison.Ordinal)).ThenBy(e => e, StringComparer.Ordinal);
}
