using System.Security.Cryptography;

namespace ChaosLab.ApiServer.Security.ServiceAccounts;

/// <summary>
/// The keys of --service-account-signing-key-file (private, signs) and --service-account-key-file (public, verifies;
/// PEM, several blocks allowed, private keys read for their public half), EC or RSA as upstream's keyutil reads them.
/// </summary>
public static class ServiceAccountKeys
{
    public static AsymmetricAlgorithm LoadSigningKey(string path)
    {
        var keys = LoadPem(path, privateOnly: true);
        return keys.Count == 1 ? keys[0] : throw new InvalidDataException($"{path}: expected exactly one private key, found {keys.Count}");
    }

    public static IReadOnlyList<AsymmetricAlgorithm> LoadVerifyingKeys(IEnumerable<string> paths) =>
        [.. (paths ?? []).SelectMany(p => LoadPem(p, privateOnly: false))];

    public static List<AsymmetricAlgorithm> LoadPem(string path, bool privateOnly)
    {
        var text = File.ReadAllText(path);
        var keys = new List<AsymmetricAlgorithm>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var block = rest[fields.Location].ToString();
            rest = rest[fields.Location.End.Value..];
            var isPrivate = label.Contains("PRIVATE", StringComparison.Ordinal);
            if ((privateOnly && !isPrivate) || !(isPrivate || label.Contains("PUBLIC", StringComparison.Ordinal)))
            {
                continue;
            }
            keys.Add(Import(block, label, path));
        }
        if (keys.Count == 0)
        {
            throw new InvalidDataException($"{path}: no {(privateOnly ? "private" : "public or private")} key in PEM form");
        }
        return keys;
    }

    private static AsymmetricAlgorithm Import(string pem, string label, string path)
    {
        if (!label.StartsWith("RSA", StringComparison.Ordinal))
        {
            var ec = ECDsa.Create();
            try
            {
                ec.ImportFromPem(pem);
                return ec;
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                ec.Dispose();
            }
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new InvalidDataException($"{path}: the {label} block is neither an EC nor an RSA key: {ex.Message}", ex);
        }
    }
}
