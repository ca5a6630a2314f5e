using System.Text;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// Kubernetes' `$(VAR)` references, as upstream expands them in env values, command and args: `$(NAME)` becomes the
/// variable's value, or stays as written when there is no such variable; `$$` is a literal `$`; anything else
/// (a lone `$`, an unclosed `$(`) is kept as it is.
/// </summary>
public static class VariableExpansion
{
    public static string Expand(string input, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(lookup);
        if (!input.Contains('$', StringComparison.Ordinal))
        {
            return input;
        }
        var output = new StringBuilder(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            if (input[i] != '$' || i + 1 == input.Length)
            {
                output.Append(input[i++]);
                continue;
            }
            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '(' && input.IndexOf(')', i + 2) is var close and >= 0)
            {
                var name = input[(i + 2)..close];
                output.Append(lookup(name) ?? $"$({name})");
                i = close + 1;
            }
            else
            {
                // Not a reference: keep the '$' and go on from the next character (upstream keeps "$(" of an unclosed one).
                output.Append('$');
                i++;
            }
        }
        return output.ToString();
    }

    public static Func<string, string?> From(params IReadOnlyDictionary<string, string>[] sources) => name =>
    {
        foreach (var source in sources)
        {
            if (source.TryGetValue(name, out var value))
            {
                return value;
            }
        }
        return null;
    };
}
