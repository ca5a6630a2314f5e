using System.Text;
using System.Text.Json;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Rest;

/// <summary>The opaque `continue` of a paged list: the revision the list is read at and the key to resume from.</summary>
public static class ContinueToken
{
    private sealed record Token(string V, long Rv, string Start);

    public static string Encode(long revision, string startKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Token("meta.k8s.io/v1", revision, startKey))))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (long Revision, string StartKey) Decode(string token, string prefix)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var t = JsonSerializer.Deserialize<Token>(Convert.FromBase64String(padded));
            // A token made up without a start key decodes with Start null: that is a bad token, not a crash (a 500 before).
            if (t is null || t.Rv <= 0 || t.Start is null || !t.Start.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new FormatException("token does not belong to this list");
            }
            return (t.Rv, t.Start);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            throw ApiException.BadRequest($"invalid continue token: {ex.Message}");
        }
    }
}
