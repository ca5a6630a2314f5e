using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChaosLab.Lab.Pki;

/// <summary>
/// The lab's own CA. It signs every serving and client certificate of a lab (etcd peers and
/// clients, API servers, components, the admin kubeconfig). ECDSA P-256 keeps key generation fast.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(3650);

    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    public X509Certificate2 Certificate { get; }

    public static CertificateAuthority Create(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        return new CertificateAuthority(request.CreateSelfSigned(now, now + Validity));
    }

    public static CertificateAuthority Load(string certPemPath, string keyPemPath) =>
        new(X509Certificate2.CreateFromPemFile(certPemPath, keyPemPath));

    /// <summary>Issues a leaf certificate. CN is the user name and O the groups, as Kubernetes reads them.</summary>
    public X509Certificate2 Issue(CertificateProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in profile.Organizations)
        {
            subject.AddOrganizationName(group);
        }
        subject.AddCommonName(profile.CommonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usages = new OidCollection();
        if (profile.Server)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }
        if (profile.Client)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        if (profile.DnsNames.Count + profile.IpAddresses.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dns in profile.DnsNames)
            {
                san.AddDnsName(dns);
            }
            foreach (var ip in profile.IpAddresses)
            {
                san.AddIpAddress(ip);
            }
            request.CertificateExtensions.Add(san.Build());
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        // A leaf may not outlive its CA; issued a moment after the CA, it would by a second.
        var notAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        using var signed = request.Create(Certificate, notBefore, notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    public void Dispose() => Certificate.Dispose();
}

/// <summary>What a leaf certificate is for and who it names.</summary>
public sealed record CertificateProfile(
    string CommonName,
    IReadOnlyList<string> Organizations,
    bool Server,
    bool Client,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<IPAddress> IpAddresses)
{
    public static CertificateProfile ClientOnly(string commonName, params string[] organizations) =>
        new(commonName, organizations, Server: false, Client: true, [], []);
}
