using System.Security.Cryptography.X509Certificates;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Who may use the kubelet's logs and exec. Upstream's kubelet asks the API server (webhook mode); this one decides
/// from the client certificate, which already chains to the lab CA: an API server (its certificate also serves
/// kubernetes.default.svc, which the lab issues to API servers only) or a member of system:masters. Other lab
/// identities, such as kube-proxy or another node's kubelet, get upstream's 403.
/// </summary>
public static class KubeletAuthorizer
{
    public const string ApiServerName = "kubernetes.default.svc";

    public static bool Allowed(X509Certificate2? certificate) =>
        certificate is not null && (Organizations(certificate).Contains("system:masters") || DnsNames(certificate).Contains(ApiServerName));

    /// <summary>Upstream's refusal text: Forbidden (user=NAME, verb=VERB, resource=nodes, subresource=proxy).</summary>
    public static string Refusal(X509Certificate2? certificate, string verb) =>
        $"Forbidden (user={certificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false) ?? "system:anonymous"}, verb={verb}, resource=nodes, subresource=proxy)";

    private static HashSet<string> Organizations(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")
            .Select(rdn => rdn.GetSingleElementValue() ?? "")
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
