using System.Security.Cryptography.X509Certificates;

namespace ChaosLab.Kubelet.Server;

/// <summary>Client authentication on the kubelet's server port: a certificate that chains to the lab CA (--client-ca-file).</summary>
public static class ClientCertificates
{
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
