using ChaosLab.ApiServer.Patching;

namespace ChaosLab.ApiServer.Apply;

/// <summary>
/// The apply schema of a built-in kind, read from its patch merge keys as upstream's list markers mostly mirror them:
/// a list merged by a key is a map list, a merged list of scalars a set, every other list atomic. Ports are keyed
/// by port and protocol (TCP when left out), and label selectors are atomic, as k8s.io/api declares them.
/// </summary>
public sealed class BuiltInApplySchema(string kind) : IApplySchema
{
    private static readonly Dictionary<string, string> TcpProtocol = new() { ["protocol"] = "TCP" };
    private static readonly HashSet<string> AtomicSelectors = ["selector", "podSelector", "namespaceSelector", "labelSelector"];

    public ListShape ListAt(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var meta = PatchMergeKeys.For(kind, path);
        if (meta is null || !meta.Merges)
        {
            return ListShape.Atomic;
        }
        return meta.MergeKey switch
        {
            null => ListShape.Set,
            "containerPort" => new ListShape(ListKind.Map, ["containerPort", "protocol"], TcpProtocol),
            "port" when path.EndsWith("ports", StringComparison.Ordinal) => new ListShape(ListKind.Map, ["port", "protocol"], TcpProtocol),
            var key => ListShape.MapBy(key),
        };
    }

    public bool IsAtomicObject(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var last = path[(path.LastIndexOf('.') + 1)..];
        // A ReplicationController's selector is a plain map of labels, merged key by key.
        return AtomicSelectors.Contains(last) && !(kind == "ReplicationController" && path == "spec.selector");
    }
}
