using ChaosLab.Kubelet.Runtime;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// Change in the runtime, found by relisting (upstream's PLEG): each relist is compared with the one before, and the
/// pods whose sandboxes or containers appeared, went away or changed state are the ones to sync. A relist costs two
/// list calls whatever the number of pods; syncing every pod each second cost several calls per pod.
/// </summary>
public sealed class PodLifecycleEvents
{
    private Dictionary<string, string> _last = new(StringComparer.Ordinal);

    /// <summary>The pod uids whose entries differ from the previous relist (all of them the first time), and every pod uid the runtime has.</summary>
    public RelistChanges Compare(IReadOnlyList<RuntimeEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var current = entries
            .GroupBy(e => e.PodUid, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(',', g.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => $"{e.Id}={e.State}")), StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (uid, fingerprint) in current)
        {
            if (!_last.TryGetValue(uid, out var before) || before != fingerprint)
            {
                changed.Add(uid);
            }
        }
        changed.UnionWith(_last.Keys.Where(uid => !current.ContainsKey(uid)));
        _last = current;
        return new RelistChanges(changed, current.Keys.ToHashSet(StringComparer.Ordinal));
    }
}

/// <summary>What one relist found: the pods that changed since the last, and all pods the runtime has.</summary>
public sealed record RelistChanges(IReadOnlySet<string> Changed, IReadOnlySet<string> Present);
