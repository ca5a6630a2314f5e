using System.Globalization;
using System.Text;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.LoadBalancer;

/// <summary>
/// haproxy on the lb node: TCP to every control-plane node's API port, health-checked with
/// GET /readyz over TLS. A connection to a backend that just died (and is not yet marked down) fails
/// its 300 ms connect and is retried on another backend at once (`option redispatch 1`). When every
/// backend fails its check, the unchecked backup entries keep the API reachable (fail open).
/// </summary>
public static class Haproxy
{
    public const int ApiPort = 6443;
    public const int StatsPort = 8404;
    public const string ConfigPathInNode = "/etc/chaoslab/haproxy.cfg";

    /// <summary>How often haproxy checks each API server; two failed checks mark it down.</summary>
    public static TimeSpan CheckInterval(TimingProfile profile) =>
        profile == TimingProfile.Fast ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(2);

    public const int FallChecks = 2;

    public static string Config(IReadOnlyList<LabNode> controlPlanes, TimingProfile profile)
    {
        ArgumentNullException.ThrowIfNull(controlPlanes);
        ArgumentNullException.ThrowIfNull(profile);
        // The check interval follows the profile: fast labs notice a dead API server within a second.
        var inter = ((int)CheckInterval(profile).TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        var config = new StringBuilder();
        config.AppendLine(CultureInfo.InvariantCulture, $"""
            # Written by ChaosLab for this lab. Backends: the API servers of the control-plane nodes.
            global
              log stdout format raw local0 info
              maxconn 4096

            defaults
              mode tcp
              log global
              option tcplog
              option redispatch 1
              retries 3
              timeout connect 300ms
              timeout client 1h
              timeout server 1h
              default-server inter {inter} fall {FallChecks} rise 2

            frontend apiserver
              bind *:{ApiPort}
              default_backend apiservers

            backend apiservers
              option httpchk GET /readyz
              http-check expect status 200
            """);
        foreach (var node in controlPlanes)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  server {node.Name} {node.Address}:{ApiPort} check check-ssl verify none");
        }
        // Fail open: when every API server fails /readyz at once (an etcd election, a slow etcd under
        // load), haproxy would close each new connection; instead it forwards to all of them
        // unchecked, and clients get the API servers' own answers (an error Status, or success).
        config.AppendLine("  option allbackups");
        foreach (var node in controlPlanes)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  server {node.Name}-unchecked {node.Address}:{ApiPort} backup");
        }
        config.AppendLine(CultureInfo.InvariantCulture, $"""

            frontend stats
              mode http
              bind *:{StatsPort}
              stats enable
              stats uri /stats
              stats refresh 5s
            """);
        return config.ToString();
    }

    public static ComponentSpec Component() =>
        new(ComponentNames.Haproxy, "/usr/sbin/haproxy", ["-W", "-db", "-f", ConfigPathInNode],
            Health: new HealthCheck(HealthCheckKind.Http, $"http://127.0.0.1:{StatsPort}/stats;csv"));
}
