using System.Text;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// Turns titles into generator-style identifiers (<c>A stand-by takes over</c> → <c>A_stand_by_takes_over</c>):
/// names with spaces or punctuation break <c>dotnet test --filter</c>.
/// </summary>
public static class TestIdentifier
{
    public static string From(string? text)
    {
        var builder = new StringBuilder();
        var pendingSeparator = false;
        foreach (var c in text ?? "")
        {
            if (char.IsAsciiLetterOrDigit(c) || (char.IsLetterOrDigit(c) && c > 127))
            {
                if (pendingSeparator && builder.Length > 0)
                    builder.Append('_');
                builder.Append(c);
                pendingSeparator = false;
            }
            else
            {
                pendingSeparator = true;
            }
        }

        if (builder.Length == 0)
            return "_";
        if (char.IsDigit(builder[0]))
            builder.Insert(0, '_');
        return builder.ToString();
    }
}
