using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ChaosLab.ApiServer.Patching;
using k8s.Models;

namespace ChaosLab.ApiServer.OpenApi;

/// <summary>
/// components.schemas by reflection over KubernetesClient models: each [JsonPropertyName] property becomes a
/// schema property, and every model type reached is added under its upstream name. Each schema remembers the
/// kind and field path it was first reached by (Deployment, spec.template.spec) so that list fields can carry
/// their strategic-merge metadata from <see cref="PatchMergeKeys"/>.
/// </summary>
internal sealed class SchemaGenerator
{
    private const string IntOrStringName = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private readonly SortedDictionary<string, JsonObject> schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> names = [];
    private readonly Queue<(Type Type, string Name, string Kind, string Path)> pending = new();

    public static string RefPath(string name) => "#/components/schemas/" + name;

    /// <summary>Adds a model type (and, when <see cref="Build"/> runs, everything it references); returns its schema name.</summary>
    public string Add(Type model) => NameOf(model, null, SchemaNames.Kind(model), "");

    public void AddRaw(string name, JsonObject schema) => schemas.TryAdd(name, schema);

    public JsonObject Build()
    {
        while (pending.TryDequeue(out var next))
        {
            schemas[next.Name] = ObjectSchema(next.Type, next.Name, next.Kind, next.Path);
        }

        return new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value)));
    }

    private string NameOf(Type type, string? referrerPackage, string kind, string path)
    {
        if (names.TryGetValue(type, out var known))
        {
            return known;
        }

        var name = $"{SchemaNames.Package(type, referrerPackage)}.{SchemaNames.Kind(type)}";
        if (names.ContainsValue(name))
        {
            name = $"{SchemaNames.Package(type, referrerPackage)}.{type.Name}";
        }

        names[type] = name;
        pending.Enqueue((type, name, kind, path));
        return name;
    }

    private JsonObject ObjectSchema(Type type, string name, string kind, string path)
    {
        var package = name[..name.LastIndexOf('.')];
        var properties = new JsonObject();
        var fields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Json: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(f => f.Json is not null)
            .OrderBy(f => f.Json, StringComparer.Ordinal);
        foreach (var (property, json) in fields)
        {
            var fieldPath = path.Length == 0 ? json! : $"{path}.{json}";
            var schema = PropertySchema(property.PropertyType, package, kind, fieldPath);
            if (PatchMergeKeys.For(kind, fieldPath) is { Replaces: false } patch)
            {
                if (patch.MergeKey is not null)
                {
                    schema["x-kubernetes-patch-merge-key"] = patch.MergeKey;
                }

                schema["x-kubernetes-patch-strategy"] = patch.Strategy;
            }

            properties[json!] = schema;
        }

        var result = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (package != SchemaNames.MetaPackage && type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity)
        {
            result["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
            {
                ["group"] = entity.Group ?? "",
                ["kind"] = entity.Kind,
                ["version"] = entity.ApiVersion,
            });
        }

        return result;
    }

    /// <summary>List elements and map values add no segment to the field path, as in PatchMergeKeys.</summary>
    private JsonObject PropertySchema(Type type, string package, string kind, string path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return Scalar("string");
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return Scalar("integer", type == typeof(int) ? "int32" : "int64");
        }

        if (type == typeof(bool))
        {
            return Scalar("boolean");
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return Scalar("number", "double");
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return Scalar("string", "date-time");
        }

        if (type == typeof(byte[]))
        {
            return Scalar("string", "byte");
        }

        if (type == typeof(IntOrString))
        {
            AddRaw(IntOrStringName, new JsonObject { ["type"] = "string", ["format"] = "int-or-string", ["x-kubernetes-int-or-string"] = true });
            return Ref(IntOrStringName);
        }

        if (type == typeof(ResourceQuantity))
        {
            AddRaw(QuantityName, Scalar("string"));
            return Ref(QuantityName);
        }

        if (Implements(type, typeof(IDictionary<,>)))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = PropertySchema(type.GetGenericArguments()[1], package, kind, path) };
        }

        if (type.IsGenericType && Implements(type, typeof(IEnumerable<>)))
        {
            return new JsonObject { ["type"] = "array", ["items"] = PropertySchema(type.GetGenericArguments()[0], package, kind, path) };
        }

        if (type.IsClass && type.Namespace == typeof(V1Pod).Namespace)
        {
            return Ref(NameOf(type, package, kind, path));
        }

        // FieldsV1, RawExtension and other free-form values.
        return Scalar("object");
    }

    /// <summary>Upstream v3 wraps property references in allOf; kubectl's strategic-merge lookup expects that shape.</summary>
    private static JsonObject Ref(string name) => new() { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = RefPath(name) }) };

    private static JsonObject Scalar(string type, string? format = null)
    {
        var schema = new JsonObject { ["type"] = type };
        if (format is not null)
        {
            schema["format"] = format;
        }

        return schema;
    }

    private static bool Implements(Type type, Type openInterface) =>
        (type.IsInterface && type.IsGenericType && type.GetGenericTypeDefinition() == openInterface)
        || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface);
}
