using System.Globalization;
using System.Text;

namespace ChaosLab.Harness.Reporting;

/// <summary>Escaping and number formatting for the HTML and SVG of index.html.</summary>
internal static class Html
{
    /// <summary>
    /// Text as element content or a quoted attribute value: &amp; &lt; &gt; " ' escaped, characters XML cannot carry replaced.
    /// Everything else stays as it is (the page is UTF-8), so "×" reads as "×" in the source too.
    /// </summary>
    public static string Encode(string? text)
    {
        var printable = ReportText.Printable(text);
        if (printable.AsSpan().IndexOfAny("&<>\"'") < 0)
            return printable;

        var builder = new StringBuilder(printable.Length + 16);
        foreach (var c in printable)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>An SVG coordinate: short, invariant, no exponent.</summary>
    public static string Coordinate(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
