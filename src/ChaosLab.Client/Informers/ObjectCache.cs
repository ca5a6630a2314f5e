using k8s;
using k8s.Models;

namespace ChaosLab.Client.Informers;

/// <summary>
/// Thread-safe store of the latest state of each object, keyed by <see cref="ObjectKey"/>, with
/// optional secondary indexes (client-go's Indexer). An informer writes it; everyone else reads.
/// Objects handed out are the cached instances: treat them as read-only.
/// </summary>
public sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectIndex> _indexes = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public IReadOnlyList<T> List()
    {
        lock (_gate)
        {
            return [.. _items.Values];
        }
    }

    public IReadOnlyList<string> ListKeys()
    {
        lock (_gate)
        {
            return [.. _items.Keys];
        }
    }

    public T? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public T? Get(string? @namespace, string name) => Get(ObjectKey.For(@namespace, name));

    /// <summary>
    /// Registers an index: <paramref name="indexFunction"/> maps an object to the values it is found
    /// under (e.g. a pod to its spec.nodeName). Existing objects are indexed at once.
    /// </summary>
    public void AddIndex(string indexName, Func<T, IEnumerable<string>> indexFunction)
    {
        ArgumentNullException.ThrowIfNull(indexName);
        ArgumentNullException.ThrowIfNull(indexFunction);
        lock (_gate)
        {
            if (_indexes.ContainsKey(indexName))
            {
                throw new InvalidOperationException($"index '{indexName}' already exists");
            }
            var index = new ObjectIndex(obj => indexFunction((T)obj));
            foreach (var (key, obj) in _items)
            {
                index.Add(key, obj);
            }
            _indexes[indexName] = index;
        }
    }

    /// <summary>Convenience for indexes with at most one value per object; null means "not indexed".</summary>
    public void AddIndex(string indexName, Func<T, string?> indexFunction)
    {
        ArgumentNullException.ThrowIfNull(indexFunction);
        AddIndex(indexName, obj => indexFunction(obj) is { } value ? [value] : []);
    }

    /// <summary>The objects whose index function produced <paramref name="indexedValue"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string indexedValue)
    {
        ArgumentNullException.ThrowIfNull(indexName);
        ArgumentNullException.ThrowIfNull(indexedValue);
        lock (_gate)
        {
            if (!_indexes.TryGetValue(indexName, out var index))
            {
                throw new InvalidOperationException($"index '{indexName}' does not exist");
            }
            return [.. index.KeysFor(indexedValue).Select(key => _items[key])];
        }
    }

    /// <summary>Stores <paramref name="obj"/> and returns the object it replaced, if any.</summary>
    internal T? Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        lock (_gate)
        {
            var old = _items.GetValueOrDefault(key);
            if (old is not null)
            {
                Unindex(key, old);
            }
            _items[key] = obj;
            Index(key, obj);
            return old;
        }
    }

    /// <summary>Removes the object with <paramref name="key"/> and returns it, if it was cached.</summary>
    internal T? Remove(string key)
    {
        lock (_gate)
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }
            Unindex(key, old);
            return old;
        }
    }

    /// <summary>Replaces the whole content (after a LIST) and returns the previous content by key.</summary>
    internal Dictionary<string, T> ReplaceAll(IEnumerable<T> objects)
    {
        lock (_gate)
        {
            var previous = new Dictionary<string, T>(_items, StringComparer.Ordinal);
            _items.Clear();
            foreach (var index in _indexes.Values)
            {
                index.Clear();
            }
            foreach (var obj in objects)
            {
                var key = ObjectKey.Of(obj);
                _items[key] = obj;
                Index(key, obj);
            }
            return previous;
        }
    }

    private void Index(string key, T obj)
    {
        foreach (var index in _indexes.Values)
        {
            index.Add(key, obj);
        }
    }

    private void Unindex(string key, T obj)
    {
        foreach (var index in _indexes.Values)
        {
            index.Remove(key, obj);
        }
    }

    /// <summary>One secondary index: indexed value → keys of the objects that produce it.</summary>
    private sealed class ObjectIndex(Func<object, IEnumerable<string>> valuesOf)
    {
        private readonly Dictionary<string, HashSet<string>> _keysByValue = new(StringComparer.Ordinal);

        public void Add(string key, object obj)
        {
            foreach (var value in valuesOf(obj))
            {
                if (!_keysByValue.TryGetValue(value, out var keys))
                {
                    keys = new HashSet<string>(StringComparer.Ordinal);
                    _keysByValue[value] = keys;
                }
                keys.Add(key);
            }
        }

        public void Remove(string key, object obj)
        {
            foreach (var value in valuesOf(obj))
            {
                if (_keysByValue.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    _keysByValue.Remove(value);
                }
            }
        }

        public IEnumerable<string> KeysFor(string value) =>
            _keysByValue.TryGetValue(value, out var keys) ? keys : [];

        public void Clear() => _keysByValue.Clear();
    }
}
