using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Pki;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>
/// The cluster DNS add-on as kubeadm installs CoreDNS: a Deployment of two replicas in kube-system labelled
/// k8s-app=kube-dns, with its own ServiceAccount, behind the `kube-dns` Service at the tenth address of the service
/// range (53/UDP dns, 53/TCP dns-tcp, 9153/TCP metrics). Its pods run `chaoslab-node dns` on the node's .NET runtime
/// (hostPath mounts of what every node already has read-only), in chaoslab/shell. Until service account tokens reach
/// pods it authenticates with a lab-issued client certificate for system:kube-dns, handed over in a Secret.
/// </summary>
public static class ClusterDnsAddon
{
    public const string Namespace = "kube-system";
    public const string DeploymentName = "cluster-dns";
    public const string ServiceName = "kube-dns";
    public const string ServiceAccountName = "kube-dns";
    public const string CredentialsSecret = "kube-dns-credentials";
    public const string AppLabel = "kube-dns";
    public const string Identity = "system:kube-dns";
    public const string CertificateName = "kube-dns";
    public const string ClusterDomain = "cluster.local";
    public const int Replicas = 2;
    public const int DnsPort = 53;
    public const int MetricsPort = 9153;
    public const int HealthPort = 8080;
    public const int ReadyPort = 8181;

    private const string CredentialsPath = "/etc/kube-dns";

    /// <summary>The tenth address of the service range, kube-dns's ClusterIP as kubeadm picks it.</summary>
    public static IPAddress ServiceIp(IPNetwork serviceSubnet)
    {
        var bytes = serviceSubnet.BaseAddress.GetAddressBytes();
        var carry = 10;
        for (var i = bytes.Length - 1; i >= 0 && carry > 0; i--)
        {
            var sum = bytes[i] + carry;
            bytes[i] = (byte)(sum & 0xFF);
            carry = sum >> 8;
        }
        return new IPAddress(bytes);
    }

    /// <summary>The objects in the order they are created: who the pods are, what they hold, then the pods and their Service.</summary>
    public static IReadOnlyList<(string Path, JsonObject Body)> Objects(IPNetwork serviceSubnet, string apiEndpoint, PemBundle credentials, TimingProfile profile)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var ns = $"/api/v1/namespaces/{Namespace}";
        return
        [
            ($"{ns}/serviceaccounts", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = Metadata(ServiceAccountName),
            }),
            ($"{ns}/secrets", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = Metadata(CredentialsSecret),
                ["type"] = "Opaque",
                ["data"] = new JsonObject
                {
                    ["ca.crt"] = Base64(credentials.CaCertificate),
                    ["tls.crt"] = Base64(credentials.Certificate),
                    ["tls.key"] = Base64(credentials.Key),
                    ["kubeconfig"] = Base64(Kubeconfig(apiEndpoint)),
                },
            }),
            ($"/apis/apps/v1/namespaces/{Namespace}/deployments", Deployment(profile)),
            ($"{ns}/services", Service(serviceSubnet)),
        ];
    }

    public static JsonObject Service(IPNetwork serviceSubnet) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Metadata(ServiceName),
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["k8s-app"] = AppLabel },
            ["clusterIP"] = ServiceIp(serviceSubnet).ToString(),
            ["ports"] = new JsonArray(
                Port("dns", DnsPort, "UDP"),
                Port("dns-tcp", DnsPort, "TCP"),
                Port("metrics", MetricsPort, "TCP")),
        },
    };

    public static JsonObject Deployment(TimingProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        // The readiness probe is what takes a lost replica out of the Service: as fast as the profile's heartbeats.
        var probePeriod = profile == TimingProfile.Fast ? 1 : 10;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = Metadata(DeploymentName),
            ["spec"] = new JsonObject
            {
                ["replicas"] = Replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["k8s-app"] = AppLabel } },
                ["strategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = "10%" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["k8s-app"] = AppLabel } },
                    ["spec"] = new JsonObject
                    {
                        ["serviceAccountName"] = ServiceAccountName,
                        // The DNS server itself must not resolve through itself.
                        ["dnsPolicy"] = "Default",
                        ["terminationGracePeriodSeconds"] = 5,
                        ["tolerations"] = new JsonArray(
                            new JsonObject { ["key"] = "CriticalAddonsOnly", ["operator"] = "Exists" },
                            new JsonObject { ["key"] = "node-role.kubernetes.io/control-plane", ["effect"] = "NoSchedule" }),
                        ["containers"] = new JsonArray(Container(probePeriod)),
                        ["volumes"] = new JsonArray(
                            new JsonObject { ["name"] = "dotnet", ["hostPath"] = new JsonObject { ["path"] = NodeBinary.DotnetRoot, ["type"] = "Directory" } },
                            new JsonObject { ["name"] = "chaoslab-bin", ["hostPath"] = new JsonObject { ["path"] = NodeBinary.MountPoint, ["type"] = "Directory" } },
                            new JsonObject { ["name"] = "credentials", ["secret"] = new JsonObject { ["secretName"] = CredentialsSecret, ["defaultMode"] = 0x180 } }),
                    },
                },
            },
        };
    }

    private static JsonObject Container(int probePeriod) => new()
    {
        ["name"] = "dns",
        ["image"] = $"{Image.WorkloadImages.Shell}:{Image.WorkloadImages.LatestTag}",
        ["imagePullPolicy"] = "IfNotPresent",
        ["command"] = new JsonArray(
            $"{NodeBinary.DotnetRoot}/dotnet", $"{NodeBinary.MountPoint}/chaoslab-node.dll", "dns",
            $"--kubeconfig={CredentialsPath}/kubeconfig",
            $"--cluster-domain={ClusterDomain}",
            $"--health-port={Number(HealthPort)}",
            $"--ready-port={Number(ReadyPort)}",
            $"--metrics-port={Number(MetricsPort)}"),
        ["env"] = new JsonArray(
            new JsonObject { ["name"] = "DOTNET_gcServer", ["value"] = "0" },
            new JsonObject { ["name"] = "DOTNET_GCgen0size", ["value"] = "0x400000" }),
        ["ports"] = new JsonArray(
            ContainerPort("dns", DnsPort, "UDP"),
            ContainerPort("dns-tcp", DnsPort, "TCP"),
            ContainerPort("metrics", MetricsPort, "TCP")),
        ["livenessProbe"] = new JsonObject
        {
            ["httpGet"] = new JsonObject { ["path"] = "/health", ["port"] = HealthPort },
            ["initialDelaySeconds"] = 10,
            ["periodSeconds"] = probePeriod * 5,
            ["failureThreshold"] = 5,
        },
        ["readinessProbe"] = new JsonObject
        {
            ["httpGet"] = new JsonObject { ["path"] = "/ready", ["port"] = ReadyPort },
            ["periodSeconds"] = probePeriod,
        },
        ["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = "dotnet", ["mountPath"] = NodeBinary.DotnetRoot, ["readOnly"] = true },
            new JsonObject { ["name"] = "chaoslab-bin", ["mountPath"] = NodeBinary.MountPoint, ["readOnly"] = true },
            new JsonObject { ["name"] = "credentials", ["mountPath"] = CredentialsPath, ["readOnly"] = true }),
    };

    /// <summary>The pods' kubeconfig: the lab's API endpoint (the lb in HA), the system:kube-dns certificate from the Secret.</summary>
    public static string Kubeconfig(string apiEndpoint) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: lab
          cluster:
            server: https://{apiEndpoint}:{ApiServerComponent.Port}
            certificate-authority: {CredentialsPath}/ca.crt
        users:
        - name: {Identity}
          user:
            client-certificate: {CredentialsPath}/tls.crt
            client-key: {CredentialsPath}/tls.key
        contexts:
        - name: kube-dns
          context:
            cluster: lab
            user: {Identity}
        current-context: kube-dns

        """;

    private static JsonObject Metadata(string name) => new()
    {
        ["name"] = name,
        ["namespace"] = Namespace,
        ["labels"] = new JsonObject { ["k8s-app"] = AppLabel },
    };

    private static JsonObject Port(string name, int port, string protocol) =>
        new() { ["name"] = name, ["port"] = port, ["targetPort"] = port, ["protocol"] = protocol };

    private static JsonObject ContainerPort(string name, int port, string protocol) =>
        new() { ["name"] = name, ["containerPort"] = port, ["protocol"] = protocol };

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
