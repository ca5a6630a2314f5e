using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Tests.Validation;

/// <summary>Wire objects and strategies for the validation tests.</summary>
internal static class Fixtures
{
    public static IResourceStrategy Strategy(string kind) => ResourceStrategies.For(ResourceCatalog.All.Single(r => r.Kind == kind));

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonObject Pod(string name = "web") => Json($$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"default"},
         "spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}
        """);

    public static JsonObject Deployment() => Json("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}}
        """);

    public static JsonObject Service() => Json("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
         "spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}
        """);

    /// <summary>Defaults then validates, as a create does.</summary>
    public static IReadOnlyList<FieldCause> Create(string kind, JsonObject obj)
    {
        var strategy = Strategy(kind);
        strategy.Default(obj);
        return strategy.Validate(obj, null);
    }

    /// <summary>Stores a defaulted copy of obj, lets change edit another copy, then runs an update on it.</summary>
    public static IReadOnlyList<FieldCause> Update(string kind, JsonObject obj, Action<JsonObject> change)
    {
        var strategy = Strategy(kind);
        strategy.Default(obj);
        var stored = obj.DeepClone().AsObject();
        var updated = obj.DeepClone().AsObject();
        change(updated);
        strategy.Default(updated);
        strategy.PrepareForUpdate(updated, stored);
        return strategy.Validate(updated, stored);
    }

    public static string Describe(IEnumerable<FieldCause> causes) => string.Join("\n", causes.Select(c => $"{c.Field}: {c.Message}"));
}
