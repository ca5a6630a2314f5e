using System.Security.Cryptography;
using System.Text;

namespace ChaosLab.Lab.Image;

/// <summary>
/// The identity of a built-in image's recipe: a SHA-256 over every line that decides what the image
/// holds (build arguments, metadata, file contents). Equal recipes give equal hashes on every machine,
/// so an image tagged with its hash is reused until its recipe changes.
/// </summary>
public static class RecipeHash
{
    /// <summary>Characters of the hash used as the image's tag, as for the node image.</summary>
    public const int TagLength = 12;

    public static string Of(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var recipe = new StringBuilder();
        foreach (var line in lines)
        {
            // Length-prefixed: a line holding a line break (a script) never reads as two lines.
            recipe.Append(line.Length).Append(':').Append(line).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe.ToString())));
    }

    public static string TagOf(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return hash[..TagLength];
    }
}
