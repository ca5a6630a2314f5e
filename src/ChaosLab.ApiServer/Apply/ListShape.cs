namespace ChaosLab.ApiServer.Apply;

/// <summary>How server-side apply treats a list (x-kubernetes-list-type): replaced whole, a set of scalars, or a map of items by their keys.</summary>
public enum ListKind
{
    Atomic,
    Set,
    Map,
}

/// <summary>A list's kind and, for a map list, its key fields with the defaults upstream's schema gives them (a port's protocol is TCP).</summary>
public sealed record ListShape(ListKind Kind, IReadOnlyList<string> Keys, IReadOnlyDictionary<string, string>? KeyDefaults = null)
{
    public static ListShape Atomic { get; } = new(ListKind.Atomic, []);

    public static ListShape Set { get; } = new(ListKind.Set, []);

    public static ListShape MapBy(params string[] keys) => new(ListKind.Map, keys);
}

/// <summary>
/// What server-side apply needs to know of a kind's schema. Paths are JSON field names from the object root joined
/// by dots, list items adding no segment ("spec.template.spec.containers.env"), as <see cref="Patching.PatchMergeKeys"/> spells them.
/// </summary>
public interface IApplySchema
{
    ListShape ListAt(string path);

    /// <summary>Whether the object at <paramref name="path"/> is owned and replaced as one value (a label selector, a Service's selector).</summary>
    bool IsAtomicObject(string path);
}
