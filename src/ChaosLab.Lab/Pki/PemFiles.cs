using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChaosLab.Lab.Pki;

/// <summary>Writes certificates and keys as PEM files the way etcd, haproxy and kubectl read them.</summary>
public static class PemFiles
{
    public static void WriteCertificate(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>Writes NAME.crt and NAME.key (PKCS#8, mode 0600) into a folder.</summary>
    public static void WritePair(X509Certificate2 certificate, string directory, string name)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        WriteCertificate(certificate, Path.Combine(directory, name + ".crt"));
        using var key = certificate.GetECDsaPrivateKey() ?? throw new CryptographicException($"{name}: certificate has no ECDSA private key");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Writes a bare key pair: the private key (PKCS#8, mode 0600) and the public key (SubjectPublicKeyInfo).</summary>
    public static void WriteKey(System.Security.Cryptography.ECDsa key, string directory, string privateFile, string publicFile)
    {
        ArgumentNullException.ThrowIfNull(key);
        Directory.CreateDirectory(directory);
        var keyPath = Path.Combine(directory, privateFile);
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(directory, publicFile), key.ExportSubjectPublicKeyInfoPem() + "\n");
    }
}
