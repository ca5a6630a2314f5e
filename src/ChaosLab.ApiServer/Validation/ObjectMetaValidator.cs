using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Upstream ValidateObjectMeta / ValidateObjectMetaUpdate over the metadata of a wire object.</summary>
public static class ObjectMetaValidator
{
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    /// <summary>Create-time checks. nameRule is the kind's rule (NameRules.IsDNS1123Subdomain for most kinds).</summary>
    public static IReadOnlyList<FieldCause> Validate(JsonObject obj, bool namespaced, Func<string, IReadOnlyList<string>> nameRule)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(nameRule);
        var meta = obj.Obj("metadata");
        var causes = new List<FieldCause>();

        var generateName = meta.S("generateName");
        if (generateName.Length > 0) causes.AddRange(Causes.Each("metadata.generateName", generateName, nameRule(MaskTrailingDash(generateName))));

        var name = meta.S("name");
        if (name.Length > 0) causes.AddRange(Causes.Each("metadata.name", name, nameRule(name)));
        else if (generateName.Length == 0) causes.Add(Causes.Required("metadata.name", "name or generateName is required"));

        var ns = meta.S("namespace");
        if (namespaced && ns.Length == 0) causes.Add(Causes.Required("metadata.namespace"));
        else if (namespaced) causes.AddRange(Causes.Each("metadata.namespace", ns, NameRules.IsDNS1123Label(ns)));
        else if (ns.Length > 0) causes.Add(FieldCause.Forbidden("metadata.namespace", "not allowed on this type"));

        causes.AddRange(Causes.NonNegativeNumber(meta, "generation", "metadata.generation"));
        causes.AddRange(Common(meta));
        return causes;
    }

    /// <summary>Update-time checks: identity fields may not change; labels and annotations stay valid.</summary>
    public static IReadOnlyList<FieldCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var (meta, oldMeta) = (obj.Obj("metadata"), old.Obj("metadata"));
        var causes = new List<FieldCause>();
        foreach (var field in (string[])["name", "namespace", "uid", "creationTimestamp"])
        {
            var value = meta.S(field);
            if (value != oldMeta.S(field)) causes.Add(Causes.Invalid($"metadata.{field}", value, Causes.Immutable));
        }
        if (meta.Num("generation") < oldMeta.Num("generation"))
        {
            causes.Add(Causes.Invalid("metadata.generation", meta.Num("generation") ?? 0, "must not be decremented"));
        }
        causes.AddRange(Common(meta));
        return causes;
    }

    /// <summary>Upstream ValidateLabels: every error is reported on the map's path, not on the key.</summary>
    public static IReadOnlyList<FieldCause> ValidateLabels(IReadOnlyList<KeyValuePair<string, string>>? labels, string path)
    {
        var causes = new List<FieldCause>();
        foreach (var (key, value) in labels ?? [])
        {
            causes.AddRange(Causes.Each(path, key, NameRules.IsQualifiedName(key)));
            causes.AddRange(Causes.Each(path, value, NameRules.IsValidLabelValue(value)));
        }
        return causes;
    }

    public static IReadOnlyList<FieldCause> ValidateAnnotations(IReadOnlyList<KeyValuePair<string, string>>? annotations, string path)
    {
        var causes = new List<FieldCause>();
        var size = 0L;
        foreach (var (key, value) in annotations ?? [])
        {
            // Annotation keys are qualified names in which case does not matter.
            causes.AddRange(Causes.Each(path, key, NameRules.IsQualifiedName(key.ToLowerInvariant())));
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }
        if (size > TotalAnnotationSizeLimitBytes) causes.Add(Causes.TooLong(path, TotalAnnotationSizeLimitBytes));
        return causes;
    }

    private static IEnumerable<FieldCause> Common(JsonObject? meta) =>
        ValidateLabels(meta.Map("labels"), "metadata.labels")
            .Concat(ValidateAnnotations(meta.Map("annotations"), "metadata.annotations"))
            .Concat(meta.Strings("finalizers").SelectMany(f => Causes.Each("metadata.finalizers", f, NameRules.IsQualifiedName(f))))
            .Concat(meta.Items("ownerReferences").SelectMany(r => OwnerReference(r.Item)));

    private static IEnumerable<FieldCause> OwnerReference(JsonObject owner)
    {
        const string path = "metadata.ownerReferences";
        var apiVersion = owner.S("apiVersion");
        if (apiVersion.Length == 0 || apiVersion.EndsWith('/')) yield return Causes.Invalid($"{path}.apiVersion", apiVersion, "version must not be empty");
        if (owner.S("kind").Length == 0) yield return Causes.Invalid($"{path}.kind", "", "kind must not be empty");
        if (owner.S("name").Length == 0) yield return Causes.Invalid($"{path}.name", "", "name must not be empty");
        if (owner.S("uid").Length == 0) yield return Causes.Invalid($"{path}.uid", "", "uid must not be empty");
    }

    // A generated suffix follows the prefix, so a trailing dash is fine there (upstream masks the last two characters).
    private static string MaskTrailingDash(string name) =>
        name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name;
}
