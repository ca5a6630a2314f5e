namespace ChaosLab.Lab.Pki;

/// <summary>A client certificate, its key and the CA that issued it, as PEM text.</summary>
public sealed record PemBundle(string CaCertificate, string Certificate, string Key)
{
    public static PemBundle Read(string pkiDir, string name) => new(
        File.ReadAllText(Path.Combine(pkiDir, "ca.crt")),
        File.ReadAllText(Path.Combine(pkiDir, $"{name}.crt")),
        File.ReadAllText(Path.Combine(pkiDir, $"{name}.key")));
}
