using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// Texts that are not one JSON value, or not one YAML mapping, made from a valid document: each way of breaking it
/// leaves no reading of the text as a valid object, so every case here is invalid by construction.
/// </summary>
public static class Malformed
{
    /// <summary>A broken copy of <paramref name="json"/>, a JSON object's text without escaped quotes, and how it was broken.</summary>
    public static Gen<(string Text, string How)> Json(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var quotes = Enumerable.Range(0, json.Length).Where(i => json[i] == '"').ToArray();
        return Pick.OneOf(
            Gen.Int[0, json.Length - 1].Select(n => (json[..n], $"cut after {n} chars")),
            Gen.Int[0, quotes.Length - 1].Select(q => (json.Remove(quotes[q], 1), $"quote {q} removed")),
            Gen.Const((json[..^1] + ",}", "trailing comma")),
            Gen.Const((json.Replace('"', '\''), "single quotes")),
            Gen.Const(("{" + json[2..].Remove(json.IndexOf('"', 2) - 2, 1), "unquoted first key")),
            Gen.Const(("{/* comment */" + json[1..], "comment")),
            Gen.OneOf("NaN", "Infinity", "-Infinity", "undefined", "0x10", "01", "+1", ".5", "1.", "tru").Select(v => (json[..^1] + $",\"fuzz\":{v}}}", $"literal {v}")),
            Gen.OneOf("x", "{}", "[]", "}", "\"", "\u0000").Select(t => (json + t, $"trailing {t}")),
            Gen.OneOf("\u0001", "\t", "\n", "\u001f").Select(c => (json[..^1] + $",\"fuzz\":\"a{c}b\"}}", $"raw control character U+{(int)c[0]:x4} in a string")),
            Gen.OneOf("\\x41", "\\u12", "\\U0041", "\\a", "\\'").Select(e => (json[..^1] + $",\"fuzz\":\"{e}\"}}", $"bad escape {e}")));
    }

    /// <summary>YAML texts that do not parse, or do not make one JSON object.</summary>
    public static Gen<(string Text, string How)> Yaml(string name) => Gen.OneOf(
        ($"metadata:\n\tname: {name}\n", "tab indentation"),
        ($"metadata: [{name}, b\n", "unclosed flow sequence"),
        ($"metadata: {{name: {name}\n", "unclosed flow mapping"),
        ($"metadata:\n  name: {name}\n labels: x\n", "bad indentation"),
        ($"metadata:\n  name: '{name}\n", "unterminated quote"),
        ($"metadata:\n  name: *nowhere\n", "undefined alias"),
        ($"metadata: &m\n  name: {name}\n  self: *m\n", "alias inside its own anchor"),
        ($"metadata:\n  name: {name}\n- item\n", "mapping then sequence"),
        ("? [a, b]\n: c\n", "sequence as a key"),
        ("? {a: b}\n: c\n", "mapping as a key"),
        ($"- {name}\n", "a sequence, not a mapping"),
        ("just a string\n", "a scalar, not a mapping"),
        ("", "empty"),
        ("---\n...\n", "null document"),
        ("%YAML 9.9\n---\na: b\n", "unknown YAML version"),
        ("a: !!binary not*base64\n", "bad binary"),
        ("a: b: c\n", "mapping value in a plain scalar"));
}
