// ChaosLab's stand-in for the JsonPatch.Net package (not served here): only what the official C#
// client's E2E tests and its Kubectl helper call, `JsonDocument.CreatePatch(modified)`, producing an
// RFC 6902 patch the way JsonPatch.Net does: objects member by member (remove, add, recurse),
// arrays index by index, anything else replaced whole.
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Json.Patch;

[JsonConverter(typeof(JsonPatchConverter))]
public sealed class JsonPatch
{
    public JsonPatch(IReadOnlyList<PatchOperation> operations) => Operations = operations;

    public IReadOnlyList<PatchOperation> Operations { get; }
}

public sealed record PatchOperation(string Op, string Path, JsonNode Value);

public sealed class JsonPatchConverter : JsonConverter<JsonPatch>
{
    public override JsonPatch Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("the stand-in only writes patches");

    public override void Write(Utf8JsonWriter writer, JsonPatch value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var operation in value.Operations)
        {
            writer.WriteStartObject();
            writer.WriteString("op", operation.Op);
            writer.WriteString("path", operation.Path);
            if (operation.Op != "remove")
            {
                writer.WritePropertyName("value");
                if (operation.Value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    operation.Value.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}

public static class PatchExtensions
{
    public static JsonPatch CreatePatch(this JsonDocument original, JsonDocument modified) =>
        Diff(JsonNode.Parse(original.RootElement.GetRawText()), JsonNode.Parse(modified.RootElement.GetRawText()));

    public static JsonPatch CreatePatch(this JsonDocument original, object modified) =>
        original.CreatePatch(JsonSerializer.SerializeToDocument(modified, modified.GetType()));

    private static JsonPatch Diff(JsonNode original, JsonNode modified)
    {
        var operations = new List<PatchOperation>();
        Compare(original, modified, "", operations);
        return new JsonPatch(operations);
    }

    private static void Compare(JsonNode original, JsonNode modified, string path, List<PatchOperation> operations)
    {
        if (JsonNode.DeepEquals(original, modified))
        {
            return;
        }
        if (original is JsonObject originalObject && modified is JsonObject modifiedObject)
        {
            foreach (var (name, value) in originalObject)
            {
                var memberPath = path + "/" + Escape(name);
                if (modifiedObject.TryGetPropertyValue(name, out var modifiedValue))
                {
                    Compare(value, modifiedValue, memberPath, operations);
                }
                else
                {
                    operations.Add(new PatchOperation("remove", memberPath, null));
                }
            }
            foreach (var (name, value) in modifiedObject)
            {
                if (!originalObject.ContainsKey(name))
                {
                    operations.Add(new PatchOperation("add", path + "/" + Escape(name), value?.DeepClone()));
                }
            }
            return;
        }
        if (original is JsonArray originalArray && modified is JsonArray modifiedArray)
        {
            var common = Math.Min(originalArray.Count, modifiedArray.Count);
            for (var i = 0; i < common; i++)
            {
                Compare(originalArray[i], modifiedArray[i], path + "/" + i, operations);
            }
            for (var i = originalArray.Count - 1; i >= common; i--)
            {
                operations.Add(new PatchOperation("remove", path + "/" + i, null));
            }
            for (var i = common; i < modifiedArray.Count; i++)
            {
                operations.Add(new PatchOperation("add", path + "/-", modifiedArray[i]?.DeepClone()));
            }
            return;
        }
        operations.Add(new PatchOperation("replace", path, modified?.DeepClone()));
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
