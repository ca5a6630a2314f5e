using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Support;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// A field of a kind, found by a random walk down its schema, and a value of another JSON type for it: a number
/// where a string goes, an object where a list goes, 1.5 or 2^32 for an int32. Every such value fails upstream's
/// decoding into its Go struct, so a body or a patch result holding one is invalid by construction.
/// </summary>
public static class WrongTypes
{
    private const int MaxDepth = 7;

    public static Gen<(FieldPath Path, JsonNode Value)> Field(FieldSchema root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Gen.Select(Gen.UInt.Array[1, MaxDepth], Gen.Int[0, 7], (choices, pick) => Walk(root, choices, pick));
    }

    private static (FieldPath Path, JsonNode Value) Walk(FieldSchema root, uint[] choices, int pick)
    {
        var steps = new List<FieldStep>();
        var trail = new List<FieldSchema> { root };
        foreach (var choice in choices)
        {
            var children = trail[^1].Children;
            if (children.Count == 0)
            {
                break;
            }
            var (step, child) = children[(int)(choice % (uint)children.Count)];
            steps.Add(step);
            trail.Add(child);
        }
        // A field that takes any type (int-or-string, free-form) cannot be given a wrong one: its parent can.
        while (steps.Count > 0 && trail[^1].Type == FieldType.Any)
        {
            steps.RemoveAt(steps.Count - 1);
            trail.RemoveAt(trail.Count - 1);
        }
        if (steps.Count == 0)
        {
            return (new FieldPath([new FieldStep("metadata", FieldType.Object)]), JsonValue.Create("x"));
        }
        var wrong = Values(trail[^1]);
        return (new FieldPath(steps), wrong[pick % wrong.Count]);
    }

    /// <summary>Values of other JSON types than <paramref name="field"/> takes, made fresh for each use.</summary>
    public static IReadOnlyList<JsonNode> Values(FieldSchema field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type switch
        {
            FieldType.String => [JsonValue.Create(5), JsonValue.Create(true), new JsonObject { ["fz"] = "x" }, new JsonArray("x"), JsonValue.Create(1.5)],
            FieldType.Integer =>
            [
                JsonValue.Create("5"), JsonValue.Create(true), new JsonObject { ["fz"] = 1 }, new JsonArray(1), JsonValue.Create(1.5),
                JsonGen.Raw("123456789012345678901234567890"), field.Format == "int32" ? JsonValue.Create(4294967296L) : JsonGen.Raw("1e400"),
            ],
            FieldType.Number => [JsonValue.Create("5"), JsonValue.Create(true), new JsonObject { ["fz"] = 1 }, new JsonArray(1), JsonGen.Raw("1e400")],
            FieldType.Boolean => [JsonValue.Create("true"), JsonValue.Create(1), new JsonObject { ["fz"] = true }, new JsonArray(true), JsonValue.Create("1")],
            FieldType.Array => [JsonValue.Create("x"), JsonValue.Create(5), JsonValue.Create(true), new JsonObject { ["fz"] = "x" }],
            _ => [JsonValue.Create("x"), JsonValue.Create(5), JsonValue.Create(true), new JsonArray("x")],
        };
    }
}
