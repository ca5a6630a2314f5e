using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>A path of <see cref="FieldStep"/>s from an object's root, and the ways a generator writes a value there.</summary>
public sealed record FieldPath(IReadOnlyList<FieldStep> Steps)
{
    public override string ToString() => string.Concat(Steps.Select(s => s.ToString())).TrimStart('.');

    /// <summary>The JSON pointer of the path, as a JSON patch names it (/spec/containers/0/name).</summary>
    public string Pointer => string.Concat(Steps.Select(s => "/" + (s.Container == FieldType.Array ? "0" : s.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));

    /// <summary>Sets <paramref name="value"/> at the path in <paramref name="root"/>, making (or replacing) what is on the way.</summary>
    public void Set(JsonObject root, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        JsonNode parent = root;
        for (var i = 0; i < Steps.Count; i++)
        {
            var last = i == Steps.Count - 1;
            var next = last ? value : Container(Steps[i + 1]);
            switch (parent)
            {
                case JsonArray array:
                    if (array.Count == 0 || last || !SameShape(array[0], next))
                    {
                        if (array.Count > 0)
                        {
                            array.RemoveAt(0);
                        }
                        array.Insert(0, next);
                    }
                    parent = array[0]!;
                    break;
                case JsonObject obj:
                    if (last || !SameShape(obj[Steps[i].Name], next))
                    {
                        obj[Steps[i].Name] = next;
                    }
                    parent = obj[Steps[i].Name]!;
                    break;
            }
            if (last)
            {
                return;
            }
        }
    }

    /// <summary>The smallest object holding only <paramref name="value"/> at the path: a merge patch that writes it.</summary>
    public JsonObject AsPatch(JsonNode? value)
    {
        var root = new JsonObject();
        Set(root, value);
        return root;
    }

    /// <summary>The container the step is taken in: a list for an element, else an object.</summary>
    private static JsonNode Container(FieldStep step) => step.Container == FieldType.Array ? new JsonArray() : new JsonObject();

    private static bool SameShape(JsonNode? existing, JsonNode? wanted) =>
        (existing is JsonArray && wanted is JsonArray) || (existing is JsonObject && wanted is JsonObject);
}
