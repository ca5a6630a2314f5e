using System.Text;

namespace ChaosLab.ApiServer.Apply;

/// <summary>The field manager a write is recorded under: the fieldManager parameter, else the user agent up to its first "/", as upstream.</summary>
public static class FieldManagerName
{
    private const int MaxBytes = 128;

    public static string Of(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager)) return fieldManager;
        var name = (userAgent ?? "").Split('/')[0];
        // A user agent may be longer than a fieldManager may be: cut it at a character boundary.
        while (Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            name = name[..^1];
        }
        return name;
    }
}
