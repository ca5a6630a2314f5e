using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace ChaosLab.ControllerManager.RootCaCertPublisher;

/// <summary>
/// The CA bundle (PEM) the root CA publisher hands out: the --root-ca-file if given, else the CA the
/// controller manager's own kubeconfig trusts for the API server, as upstream falls back to its client's CAData.
/// </summary>
internal static class RootCaBundle
{
    /// <returns>The PEM text, or null when neither source names a CA.</returns>
    /// <exception cref="InvalidDataException">The --root-ca-file cannot be read or holds no certificate.</exception>
    public static string? Load(string? rootCaFile, KubernetesClientConfiguration clientConfiguration)
    {
        ArgumentNullException.ThrowIfNull(clientConfiguration);
        if (rootCaFile is { Length: > 0 })
        {
            return ReadFile(rootCaFile);
        }
        return clientConfiguration.SslCaCerts is { Count: > 0 } certificates ? ToPem(certificates) : null;
    }

    /// <summary>The file's text unchanged, once it is known to hold at least one certificate.</summary>
    public static string ReadFile(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"error reading root-ca-file at {path}: {ex.Message}", ex);
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"error parsing root-ca-file at {path}: {ex.Message}", ex);
        }
        try
        {
            return certificates.Count > 0 ? pem : throw new InvalidDataException($"error parsing root-ca-file at {path}: no certificate found");
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static string ToPem(X509Certificate2Collection certificates)
    {
        var pem = new StringBuilder();
        foreach (var certificate in certificates)
        {
            pem.Append(certificate.ExportCertificatePem()).Append('\n');
        }
        return pem.ToString();
    }
}
