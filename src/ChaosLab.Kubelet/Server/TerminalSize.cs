using System.Text.Json;

namespace ChaosLab.Kubelet.Server;

/// <summary>A client's terminal size, as kubectl writes it on the resize channel: {"Width":W,"Height":H}.</summary>
public readonly record struct TerminalSize(ushort Width, ushort Height)
{
    public static TerminalSize? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            ushort? width = null, height = null;
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name.Equals("Width", StringComparison.OrdinalIgnoreCase) && property.Value.TryGetUInt16(out var w))
                {
                    width = w;
                }
                else if (property.Name.Equals("Height", StringComparison.OrdinalIgnoreCase) && property.Value.TryGetUInt16(out var h))
                {
                    height = h;
                }
            }
            return width is { } ww && height is { } hh ? new TerminalSize(ww, hh) : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
