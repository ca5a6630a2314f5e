namespace ChaosLab.ApiServer.Patching;

/// <summary>
/// How a field merges under a strategic merge patch, as the Go struct tags of k8s.io/api declare it:
/// Strategy is "merge", "retainKeys", "merge,retainKeys" or "replace"; MergeKey names the field that identifies
/// list elements (null for lists of primitives, maps and atomic lists).
/// </summary>
public sealed record FieldPatchMeta(string Strategy, string? MergeKey)
{
    public bool Merges => Strategy.Split(',').Contains("merge");

    public bool Replaces => Strategy == "replace";
}

/// <summary>
/// The patch merge keys of the built-in kinds, read by the strategic merge patch and by the OpenAPI document
/// (x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key; emit nothing for "replace").
/// Field paths are JSON field names from the object root joined by dots; list elements add no segment
/// ("spec.template.spec.containers.env"); "[]" after a name is accepted and ignored.
/// </summary>
public static class PatchMergeKeys
{
    private static readonly FieldPatchMeta MergePrimitives = new("merge", null);
    private static readonly FieldPatchMeta Atomic = new("replace", null);

    private static FieldPatchMeta By(string key) => new("merge", key);

    private static readonly Dictionary<string, FieldPatchMeta> ObjectMeta = new()
    {
        ["metadata.ownerReferences"] = By("uid"),
        ["metadata.finalizers"] = MergePrimitives,
    };

    private static readonly Dictionary<string, FieldPatchMeta> Containers = new()
    {
        ["ports"] = By("containerPort"),
        ["env"] = By("name"),
        ["volumeMounts"] = By("mountPath"),
        ["volumeDevices"] = By("devicePath"),
    };

    private static readonly Dictionary<string, FieldPatchMeta> PodSpecFields = new()
    {
        ["containers"] = By("name"),
        ["initContainers"] = By("name"),
        ["ephemeralContainers"] = By("name"),
        ["volumes"] = new("merge,retainKeys", "name"),
        ["imagePullSecrets"] = By("name"),
        ["hostAliases"] = By("ip"),
        ["topologySpreadConstraints"] = By("topologyKey"),
        ["schedulingGates"] = By("name"),
        ["resourceClaims"] = new("merge,retainKeys", "name"),
        ["tolerations"] = Atomic,
    };

    private static readonly Dictionary<string, FieldPatchMeta> PodStatus = new()
    {
        ["status.conditions"] = By("type"),
        ["status.podIPs"] = By("ip"),
        ["status.hostIPs"] = By("ip"),
    };

    private static readonly Dictionary<string, FieldPatchMeta> Conditions = new() { ["status.conditions"] = By("type") };

    private static readonly Dictionary<string, Dictionary<string, FieldPatchMeta>> ByKind = new()
    {
        ["Pod"] = Merge(PodSpec("spec"), PodStatus),
        ["Deployment"] = Merge(PodSpec("spec.template.spec"), Template(), Conditions, new() { ["spec.strategy"] = new("retainKeys", null) }),
        ["ReplicaSet"] = Merge(PodSpec("spec.template.spec"), Template(), Conditions),
        ["DaemonSet"] = Merge(PodSpec("spec.template.spec"), Template(), Conditions),
        ["StatefulSet"] = Merge(PodSpec("spec.template.spec"), Template(), Conditions),
        ["ReplicationController"] = Merge(PodSpec("spec.template.spec"), Template(), Conditions),
        ["Job"] = Merge(PodSpec("spec.template.spec"), Template(), Conditions),
        ["CronJob"] = Merge(PodSpec("spec.jobTemplate.spec.template.spec"),
            ObjectMeta.ToDictionary(f => "spec.jobTemplate.spec.template." + f.Key, f => f.Value)),
        ["PodTemplate"] = Merge(PodSpec("template.spec"), ObjectMeta.ToDictionary(f => "template." + f.Key, f => f.Value)),
        ["PodDisruptionBudget"] = Conditions,
        ["HorizontalPodAutoscaler"] = Conditions,
        ["Service"] = Merge(new() { ["spec.ports"] = By("port") }, Conditions),
        ["Node"] = new()
        {
            // Upstream NodeSpec.Taints has no patch strategy: kubectl taint sends the whole list, so it must replace.
            ["spec.taints"] = Atomic,
            ["spec.podCIDRs"] = MergePrimitives,
            ["status.addresses"] = By("type"),
            ["status.conditions"] = By("type"),
        },
        ["Namespace"] = Conditions,
        ["Endpoints"] = new() { ["subsets"] = Atomic },
        ["ServiceAccount"] = new() { ["secrets"] = By("name") },
        ["ConfigMap"] = [],
        ["Secret"] = [],
    };

    /// <summary>The strategy and merge key of <paramref name="fieldPath"/> in <paramref name="kind"/>, or null when the field has none.</summary>
    public static FieldPatchMeta? For(string kind, string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        var path = fieldPath.Replace("[]", "", StringComparison.Ordinal);
        if (ObjectMeta.TryGetValue(path, out var meta)) return meta;
        return ByKind.TryGetValue(kind, out var fields) && fields.TryGetValue(path, out meta) ? meta : null;
    }

    /// <summary>The kinds with an entry of their own; every kind also gets the metadata entries.</summary>
    public static IReadOnlyCollection<string> Kinds => ByKind.Keys;

    private static Dictionary<string, FieldPatchMeta> PodSpec(string prefix)
    {
        var fields = PodSpecFields.ToDictionary(f => $"{prefix}.{f.Key}", f => f.Value);
        foreach (var list in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            foreach (var (field, meta) in Containers) fields[$"{prefix}.{list}.{field}"] = meta;
        }
        return fields;
    }

    private static Dictionary<string, FieldPatchMeta> Template() =>
        ObjectMeta.ToDictionary(f => "spec.template." + f.Key, f => f.Value);

    private static Dictionary<string, FieldPatchMeta> Merge(params Dictionary<string, FieldPatchMeta>[] tables) =>
        tables.SelectMany(t => t).ToDictionary(f => f.Key, f => f.Value);
}
