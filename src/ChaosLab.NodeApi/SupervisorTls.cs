using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChaosLab.NodeApi;

/// <summary>
/// The supervisor's own trust domain: it serves only over mutual TLS, with a certificate from the
/// lab's supervisor CA, and answers only clients whose certificate that CA issued for client use.
/// Only the lab's tooling on the host holds such a client certificate; nodes hold just their
/// serving certificate, so nothing running in a node (a pod included) can drive a supervisor.
/// </summary>
public static class SupervisorTls
{
    public const string CaFile = "supervisor-ca.crt";
    public const string ServerName = "supervisor";
    public const string ClientName = "supervisor-client";

    /// <summary>Where a node finds its supervisor certificate and the CA (the lab's node folder, mounted read-only).</summary>
    public const string PkiDirectoryInNode = "/etc/chaoslab/pki";

    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>True when <paramref name="ca"/> issued <paramref name="certificate"/> for client authentication.</summary>
    public static bool IsClientOf(X509Certificate2 certificate, X509Certificate2 ca) => Chains(certificate, ca, ClientAuthentication);

    /// <summary>True when <paramref name="ca"/> issued <paramref name="certificate"/> for serving.</summary>
    public static bool IsServerOf(X509Certificate2 certificate, X509Certificate2 ca) => Chains(certificate, ca, ServerAuthentication);

    private static bool Chains(X509Certificate2 certificate, X509Certificate2 ca, Oid usage)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(ca);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        return chain.Build(certificate);
    }
}
