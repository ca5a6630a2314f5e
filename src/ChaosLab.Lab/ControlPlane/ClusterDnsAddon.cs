using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>
/// The cluster DNS add-on as kubeadm installs CoreDNS: a Deployment of two replicas in kube-system labelled
/// k8s-app=kube-dns, with its own ServiceAccount, behind the `kube-dns` Service at the tenth address of the service
/// range (53/UDP dns, 53/TCP dns-tcp, 9153/TCP metrics). Its pods run `chaoslab-node dns` on the node's .NET runtime
/// (hostPath mounts of what every node already has read-only), in chaoslab/shell. It authenticates as its
/// ServiceAccount through the in-cluster config (the projected token, which the kubelet refreshes and the official
/// client rereads), and reads what the bootstrap ClusterRoleBinding system:kube-dns grants that account.
/// </summary>
public static class ClusterDnsAddon
{
    public const string Namespace = "kube-system";
    public const string DeploymentName = "cluster-dns";
    public const string ServiceName = "kube-dns";
    public const string ServiceAccountName = "kube-dns";
    public const string AppLabel = "kube-dns";
    public const string ClusterDomain = "cluster.local";
    public const int Replicas = 2;
    public const int DnsPort = 53;
    public const int MetricsPort = 9153;
    public const int HealthPort = 8080;
    public const int ReadyPort = 8181;

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

    /// <summary>The objects in the order they are created: who the pods are, then the pods and their Service.</summary>
    public static IReadOnlyList<(string Path, JsonObject Body)> Objects(IPNetwork serviceSubnet, TimingProfile profile)
    {
        var ns = $"/api/v1/namespaces/{Namespace}";
        return
        [
            ($"{ns}/serviceaccounts", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = Metadata(ServiceAccountName),
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
                            new JsonObject { ["name"] = "chaoslab-bin", ["hostPath"] = new JsonObject { ["path"] = NodeBinary.MountPoint, ["type"] = "Directory" } }),
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
            new JsonObject { ["name"] = "chaoslab-bin", ["mountPath"] = NodeBinary.MountPoint, ["readOnly"] = true }),
    };

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

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
