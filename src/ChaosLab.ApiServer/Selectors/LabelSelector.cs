using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Selectors;

/// <summary>
/// A label selector as upstream pkg/labels parses it from the labelSelector query parameter
/// ("app=web,tier!=db,env in (prod,staging),!legacy") or builds it from a metav1.LabelSelector.
/// Requirements are ANDed and kept sorted by key, so ToString is canonical.
/// </summary>
public sealed partial class LabelSelector
{
    private readonly bool _nothing;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements, bool nothing = false)
    {
        Requirements = [.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)];
        _nothing = nothing;
    }

    /// <summary>Matches every object (an empty selector).</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Matches no object: what a null metav1.LabelSelector means.</summary>
    public static LabelSelector Nothing { get; } = new([], nothing: true);

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool IsEverything => !_nothing && Requirements.Count == 0;

    /// <summary>Parses the labelSelector query syntax; null or blank is <see cref="Everything"/>; bad syntax is a 400.</summary>
    public static LabelSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return Everything;
        try
        {
            return new LabelSelector(new Parser(selector).Parse());
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"{e.Message} (labelSelector \"{selector}\")");
        }
    }

    /// <summary>
    /// Converts a metav1.LabelSelector (matchLabels + matchExpressions), as upstream LabelSelectorAsSelector does:
    /// null selects nothing, an empty selector selects everything.
    /// </summary>
    public static LabelSelector FromLabelSelectorJson(JsonNode? selector)
    {
        if (selector is null) return Nothing;
        if (selector is not JsonObject o) throw ApiException.BadRequest($"invalid label selector {selector.ToJsonString()}: expected an object");
        var requirements = new List<LabelRequirement>();
        try
        {
            foreach (var (key, value) in o["matchLabels"] as JsonObject ?? [])
            {
                requirements.Add(LabelRequirement.Create(key, LabelOperator.Equal, [Text(value)]));
            }
            foreach (var expression in o["matchExpressions"] as JsonArray ?? [])
            {
                var op = Text(expression?["operator"]) switch
                {
                    "In" => LabelOperator.In,
                    "NotIn" => LabelOperator.NotIn,
                    "Exists" => LabelOperator.Exists,
                    "DoesNotExist" => LabelOperator.DoesNotExist,
                    var other => throw new FormatException($"\"{other}\" is not a valid label selector operator"),
                };
                var values = (expression?["values"] as JsonArray ?? []).Select(Text).ToList();
                requirements.Add(LabelRequirement.Create(Text(expression?["key"]), op, values));
            }
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"invalid label selector {o.ToJsonString()}: {e.Message}");
        }
        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_nothing) return false;
        labels ??= new Dictionary<string, string>();
        return Requirements.All(r => r.Matches(labels));
    }

    /// <summary>Matches an object by its metadata.labels.</summary>
    public bool MatchesObject(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var labels = (obj["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(p => p.Key, p => Text(p.Value));
        return Matches(labels);
    }

    public override string ToString() => string.Join(',', Requirements);

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    /// <summary>upstream content.IsLabelKey: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters.</summary>
    internal static List<string> LabelKeyErrors(string key)
    {
        var errors = new List<string>();
        var parts = key.Split('/');
        if (parts.Length > 2)
            return [$"a valid label key {NameMessage} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        if (parts.Length == 2)
        {
            if (parts[0].Length == 0) errors.Add("prefix part must be non-empty");
            else
            {
                if (Encoding.UTF8.GetByteCount(parts[0]) > 253) errors.Add("prefix part must be no more than 253 bytes");
                if (!Subdomain().IsMatch(parts[0])) errors.Add("prefix part " + SubdomainMessage);
            }
        }
        var name = parts[^1];
        if (name.Length == 0) errors.Add("name part must be non-empty");
        else if (Encoding.UTF8.GetByteCount(name) > 63) errors.Add("name part must be no more than 63 bytes");
        if (!LabelName().IsMatch(name)) errors.Add("name part " + NameMessage);
        return errors;
    }

    /// <summary>upstream IsValidLabelValue: empty, or a name of at most 63 characters.</summary>
    internal static List<string> LabelValueErrors(string value)
    {
        var errors = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > 63) errors.Add("must be no more than 63 bytes");
        if (value.Length > 0 && !LabelName().IsMatch(value)) errors.Add(ValueMessage);
        return errors;
    }

    private const string NameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string ValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string SubdomainMessage = @"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    [GeneratedRegex(@"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\z")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex Subdomain();

    /// <summary>Upstream's recursive-descent parser; "in" and "notin" are operators only where an operator may stand.</summary>
    private sealed class Parser(string selector)
    {
        private readonly List<(Token Kind, string Text)> _tokens = Lex(selector);
        private int _position;

        public List<LabelRequirement> Parse()
        {
            var requirements = new List<LabelRequirement>();
            while (true)
            {
                var (kind, text) = Peek();
                if (kind == Token.End) return requirements;
                if (kind is not (Token.Identifier or Token.Not))
                    throw new FormatException($"found '{text}', expected: !, identifier, or 'end of string'");
                try
                {
                    requirements.Add(ParseRequirement());
                }
                catch (FormatException e)
                {
                    throw new FormatException("unable to parse requirement: " + e.Message);
                }
                (kind, text) = Next();
                if (kind == Token.End) return requirements;
                if (kind != Token.Comma) throw new FormatException($"found '{text}', expected: ',' or 'end of string'");
                (kind, text) = Peek();
                if (kind is not (Token.Identifier or Token.Not)) throw new FormatException($"found '{text}', expected: identifier after ','");
            }
        }

        private LabelRequirement ParseRequirement()
        {
            var (kind, key) = Next();
            var doesNotExist = kind == Token.Not;
            if (doesNotExist) (kind, key) = Next();
            if (kind != Token.Identifier) throw new FormatException($"found '{key}', expected: identifier");
            LabelRequirement.ValidateKey(key);
            if (Peek().Kind is Token.End or Token.Comma)
                return LabelRequirement.Create(key, doesNotExist ? LabelOperator.DoesNotExist : LabelOperator.Exists, []);

            var (opToken, opText) = Next(valuesContext: false);
            var op = opToken switch
            {
                Token.In => LabelOperator.In,
                Token.NotIn => LabelOperator.NotIn,
                Token.Eq => LabelOperator.Equal,
                Token.DoubleEq => LabelOperator.DoubleEqual,
                Token.NotEq => LabelOperator.NotEqual,
                Token.GreaterThan => LabelOperator.GreaterThan,
                Token.LessThan => LabelOperator.LessThan,
                _ => throw new FormatException($"found '{opText}', expected: in, notin, =, ==, !=, gt, lt"),
            };
            var values = op is LabelOperator.In or LabelOperator.NotIn ? ParseValues() : ParseExactValue();
            return LabelRequirement.Create(key, op, values);
        }

        private List<string> ParseValues()
        {
            var (kind, text) = Next();
            if (kind != Token.OpenParen) throw new FormatException($"found '{text}' expected: '('");
            (kind, text) = Peek();
            if (kind == Token.CloseParen)
            {
                Next();
                return [""];
            }
            if (kind is not (Token.Identifier or Token.Comma)) throw new FormatException($"found '{text}', expected: ',', ')' or identifier");

            var values = new List<string>();
            while (true)
            {
                (kind, text) = Next();
                if (kind == Token.Identifier)
                {
                    values.Add(text);
                    var (after, afterText) = Peek();
                    if (after == Token.CloseParen) break;
                    if (after != Token.Comma) throw new FormatException($"found '{afterText}', expected: ',' or ')'");
                }
                else if (kind == Token.Comma)
                {
                    // "(,a)", "(a,)" and "(a,,b)" each add the empty value, as upstream does.
                    if (values.Count == 0 || Peek().Kind is Token.CloseParen or Token.Comma) values.Add("");
                    if (Peek().Kind == Token.CloseParen) break;
                    if (Peek().Kind == Token.Comma) Next();
                }
                else throw new FormatException($"found '{text}', expected: ',', or identifier");
            }
            Next();
            return values;
        }

        private List<string> ParseExactValue()
        {
            if (Peek().Kind is Token.End or Token.Comma) return [""];
            var (kind, text) = Next();
            return kind == Token.Identifier ? [text] : throw new FormatException($"found '{text}', expected: identifier");
        }

        private (Token Kind, string Text) Peek(bool valuesContext = true) => AsValue(_tokens[_position], valuesContext);

        private (Token Kind, string Text) Next(bool valuesContext = true) => AsValue(_tokens[_position++], valuesContext);

        private static (Token Kind, string Text) AsValue((Token Kind, string Text) token, bool valuesContext) =>
            valuesContext && token.Kind is Token.In or Token.NotIn ? (Token.Identifier, token.Text) : token;

        private static List<(Token, string)> Lex(string s)
        {
            var tokens = new List<(Token, string)>();
            var i = 0;
            while (true)
            {
                while (i < s.Length && s[i] is ' ' or '\t' or '\r' or '\n') i++;
                if (i == s.Length)
                {
                    tokens.Add((Token.End, ""));
                    return tokens;
                }
                if (IsSpecial(s[i]))
                {
                    var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
                    var op = two is "!=" or "==" ? two : s.Substring(i, 1);
                    tokens.Add((Symbols[op], op));
                    i += op.Length;
                    continue;
                }
                var start = i;
                while (i < s.Length && !IsSpecial(s[i]) && s[i] is not (' ' or '\t' or '\r' or '\n')) i++;
                var word = s[start..i];
                tokens.Add((word switch { "in" => Token.In, "notin" => Token.NotIn, _ => Token.Identifier }, word));
            }
        }

        private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

        private static readonly Dictionary<string, Token> Symbols = new()
        {
            ["!"] = Token.Not, ["!="] = Token.NotEq, ["="] = Token.Eq, ["=="] = Token.DoubleEq,
            ["("] = Token.OpenParen, [")"] = Token.CloseParen, [","] = Token.Comma, [">"] = Token.GreaterThan, ["<"] = Token.LessThan,
        };

        private enum Token { End, Identifier, In, NotIn, Not, Eq, DoubleEq, NotEq, GreaterThan, LessThan, OpenParen, CloseParen, Comma }
    }
}

public enum LabelOperator { Equal, DoubleEqual, NotEqual, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan }

/// <summary>One requirement of a label selector: a key, an operator and its values (sorted, without duplicates).</summary>
public sealed record LabelRequirement
{
    private LabelRequirement(string key, LabelOperator op, IReadOnlyList<string> values) => (Key, Operator, Values) = (key, op, values);

    public string Key { get; }

    public LabelOperator Operator { get; }

    public IReadOnlyList<string> Values { get; }

    /// <summary>upstream NewRequirement: validates the key, the value count for the operator and each value.</summary>
    internal static LabelRequirement Create(string key, LabelOperator op, IReadOnlyList<string> values)
    {
        var errors = new List<string>();
        if (LabelSelector.LabelKeyErrors(key) is { Count: > 0 } keyErrors)
            errors.Add($"key: Invalid value: \"{key}\": {string.Join("; ", keyErrors)}");
        var problem = op switch
        {
            LabelOperator.In or LabelOperator.NotIn when values.Count == 0 => "for 'in', 'notin' operators, values set can't be empty",
            LabelOperator.Equal or LabelOperator.DoubleEqual or LabelOperator.NotEqual when values.Count != 1 => "exact-match compatibility requires one single value",
            LabelOperator.Exists or LabelOperator.DoesNotExist when values.Count != 0 => "values set must be empty for exists and does not exist",
            LabelOperator.GreaterThan or LabelOperator.LessThan when values.Count != 1 => "for 'Gt', 'Lt' operators, exactly one value is required",
            _ => null,
        };
        if (problem is not null) errors.Add($"values: Invalid value: [{string.Join(", ", values)}]: {problem}");
        for (var i = 0; i < values.Count; i++)
        {
            if (op is LabelOperator.GreaterThan or LabelOperator.LessThan && !long.TryParse(values[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                errors.Add($"values[{i}]: Invalid value: \"{values[i]}\": for 'Gt', 'Lt' operators, the value must be an integer");
            if (LabelSelector.LabelValueErrors(values[i]) is { Count: > 0 } valueErrors)
                errors.Add($"values[{i}][{key}]: Invalid value: \"{values[i]}\": {string.Join("; ", valueErrors)}");
        }
        if (errors.Count > 0) throw new FormatException(errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]");
        return new LabelRequirement(key, op, [.. values.Distinct().Order(StringComparer.Ordinal)]);
    }

    internal static void ValidateKey(string key)
    {
        if (LabelSelector.LabelKeyErrors(key) is { Count: > 0 } errors)
            throw new FormatException($"key: Invalid value: \"{key}\": {string.Join("; ", errors)}");
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Equal or LabelOperator.DoubleEqual or LabelOperator.In => has && Values.Contains(value),
            LabelOperator.NotEqual or LabelOperator.NotIn => !has || !Values.Contains(value),
            LabelOperator.Exists => has,
            LabelOperator.DoesNotExist => !has,
            _ => has && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
                 && long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound)
                 && (Operator == LabelOperator.GreaterThan ? actual > bound : actual < bound),
        };
    }

    public override string ToString() => Operator switch
    {
        LabelOperator.Exists => Key,
        LabelOperator.DoesNotExist => "!" + Key,
        LabelOperator.Equal => $"{Key}={Values[0]}",
        LabelOperator.DoubleEqual => $"{Key}=={Values[0]}",
        LabelOperator.NotEqual => $"{Key}!={Values[0]}",
        LabelOperator.GreaterThan => $"{Key}>{Values[0]}",
        LabelOperator.LessThan => $"{Key}<{Values[0]}",
        LabelOperator.In => $"{Key} in ({string.Join(',', Values)})",
        _ => $"{Key} notin ({string.Join(',', Values)})",
    };
}
