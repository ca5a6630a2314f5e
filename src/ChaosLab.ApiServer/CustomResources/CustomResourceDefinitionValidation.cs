using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// upstream's ValidateCustomResourceDefinition for apiextensions.k8s.io/v1: the name is PLURAL.GROUP, the group a
/// domain with a dot, a known scope, DNS-label names, exactly one storage version and at least one served, unique
/// version names, a structural schema per version, scale paths under .spec / .status, typed printer columns.
/// </summary>
public static class CustomResourceDefinitionValidation
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];
    private static readonly string[] ColumnTypes = ["integer", "number", "string", "boolean", "date"];

    public static IEnumerable<FieldCause> Validate(JsonObject crd, JsonObject? old)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var causes = new List<FieldCause>();
        var spec = crd.Obj("spec") ?? [];
        var group = spec.S("group");
        var names = spec.Obj("names") ?? [];
        var plural = names.S("plural");
        var name = crd.Obj("metadata").S("name");
        if (name != $"{plural}.{group}")
        {
            causes.Add(Causes.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        if (group.Length == 0)
        {
            causes.Add(FieldCause.Required("spec.group"));
        }
        else
        {
            causes.AddRange(Causes.Each("spec.group", group, NameRules.IsDNS1123Subdomain(group)));
            if (!group.Contains('.', StringComparison.Ordinal))
            {
                causes.Add(Causes.Invalid("spec.group", group, "should be a domain with at least one dot"));
            }
        }
        var scope = spec.S("scope");
        if (scope.Length == 0)
        {
            causes.Add(FieldCause.Required("spec.scope"));
        }
        else if (!Scopes.Contains(scope))
        {
            causes.Add(Causes.NotSupported("spec.scope", scope, Scopes));
        }
        causes.AddRange(ValidateNames(names, "spec.names"));
        causes.AddRange(ValidateVersions(spec));
        if (old is not null)
        {
            var oldScope = old.Obj("spec").S("scope");
            if (oldScope.Length > 0 && scope != oldScope)
            {
                causes.Add(Causes.Invalid("spec.scope", scope, Causes.Immutable));
            }
        }
        return causes;
    }

    private static IEnumerable<FieldCause> ValidateNames(JsonObject names, string path)
    {
        var plural = names.S("plural");
        if (plural.Length == 0)
        {
            yield return FieldCause.Required(path + ".plural");
        }
        else
        {
            foreach (var c in Causes.Each(path + ".plural", plural, NameRules.IsDNS1035Label(plural))) yield return c;
        }
        var singular = names.S("singular");
        foreach (var c in Causes.Each(path + ".singular", singular, singular.Length == 0 ? [] : NameRules.IsDNS1035Label(singular))) yield return c;
        foreach (var field in new[] { "kind", "listKind" })
        {
            var value = names.S(field);
            if (value.Length == 0)
            {
                yield return FieldCause.Required($"{path}.{field}");
                continue;
            }
            var errors = NameRules.IsDNS1035Label(value.ToLowerInvariant());
            if (errors.Count > 0)
            {
                yield return Causes.Invalid($"{path}.{field}", value, "may have mixed case, but should otherwise match: " + string.Join(",", errors));
            }
        }
        foreach (var (i, shortName) in names.Strings("shortNames").Select((s, i) => (i, s)))
        {
            foreach (var c in Causes.Each($"{path}.shortNames[{i}]", shortName, NameRules.IsDNS1035Label(shortName))) yield return c;
        }
        foreach (var (i, category) in names.Strings("categories").Select((s, i) => (i, s)))
        {
            foreach (var c in Causes.Each($"{path}.categories[{i}]", category, NameRules.IsDNS1035Label(category))) yield return c;
        }
    }

    private static IEnumerable<FieldCause> ValidateVersions(JsonObject spec)
    {
        var versions = spec.Arr("versions");
        var rendered = Causes.Quote(versions?.ToJsonString() ?? "null");
        if (versions is null || versions.Count == 0)
        {
            yield return Causes.InvalidRaw("spec.versions", rendered, "must have exactly one version marked as storage version");
            yield break;
        }
        var storage = versions.OfType<JsonObject>().Count(v => v.Bool("storage"));
        if (storage != 1)
        {
            yield return Causes.InvalidRaw("spec.versions", rendered, "must have exactly one version marked as storage version");
        }
        if (!versions.OfType<JsonObject>().Any(v => v.Bool("served")))
        {
            yield return Causes.InvalidRaw("spec.versions", rendered, "must have at least one version marked as served");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, version) in spec.Items("versions"))
        {
            var path = $"spec.versions[{i}]";
            var name = version.S("name");
            if (name.Length == 0)
            {
                yield return FieldCause.Required(path + ".name");
            }
            else
            {
                foreach (var c in Causes.Each(path + ".name", name, NameRules.IsDNS1035Label(name))) yield return c;
                if (!seen.Add(name))
                {
                    yield return Causes.Invalid(path + ".name", name, "must be unique");
                }
            }
            if (version.Obj("schema")?.Obj("openAPIV3Schema") is { } schema)
            {
                foreach (var c in StructuralSchema.Check(schema, path + ".schema.openAPIV3Schema")) yield return c;
            }
            else
            {
                yield return FieldCause.Required(path + ".schema.openAPIV3Schema", "Required value: schemas are required");
            }
            if (version.Obj("subresources")?.Obj("scale") is { } scale)
            {
                foreach (var c in ValidateScale(scale, path + ".subresources.scale")) yield return c;
            }
            foreach (var (j, column) in version.Items("additionalPrinterColumns"))
            {
                var columnPath = $"{path}.additionalPrinterColumns[{j}]";
                if (column.S("name").Length == 0) yield return FieldCause.Required(columnPath + ".name");
                var type = column.S("type");
                if (type.Length == 0) yield return FieldCause.Required(columnPath + ".type");
                else if (!ColumnTypes.Contains(type)) yield return Causes.NotSupported(columnPath + ".type", type, ColumnTypes);
                var jsonPath = column.S("jsonPath");
                if (jsonPath.Length == 0) yield return FieldCause.Required(columnPath + ".jsonPath");
                else if (!PrinterColumnPath.IsValid(jsonPath)) yield return Causes.Invalid(columnPath + ".jsonPath", jsonPath, "must be a simple json path starting with .");
            }
        }
    }

    private static IEnumerable<FieldCause> ValidateScale(JsonObject scale, string path)
    {
        var specPath = scale.S("specReplicasPath");
        if (specPath.Length == 0) yield return FieldCause.Required(path + ".specReplicasPath");
        else if (!specPath.StartsWith(".spec.", StringComparison.Ordinal) || !PrinterColumnPath.IsValid(specPath))
            yield return Causes.Invalid(path + ".specReplicasPath", specPath, "should be a json path under .spec");
        var statusPath = scale.S("statusReplicasPath");
        if (statusPath.Length == 0) yield return FieldCause.Required(path + ".statusReplicasPath");
        else if (!statusPath.StartsWith(".status.", StringComparison.Ordinal) || !PrinterColumnPath.IsValid(statusPath))
            yield return Causes.Invalid(path + ".statusReplicasPath", statusPath, "should be a json path under .status");
        if (scale.Str("labelSelectorPath") is { Length: > 0 } selectorPath &&
            (!(selectorPath.StartsWith(".spec.", StringComparison.Ordinal) || selectorPath.StartsWith(".status.", StringComparison.Ordinal)) || !PrinterColumnPath.IsValid(selectorPath)))
        {
            yield return Causes.Invalid(path + ".labelSelectorPath", selectorPath, "should be a json path under either .spec or .status");
        }
    }
}
