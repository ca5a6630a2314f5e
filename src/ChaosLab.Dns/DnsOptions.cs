using System.Globalization;

namespace ChaosLab.Dns;

/// <summary>The DNS server's flags. Ports as CoreDNS's: DNS 53, health 8080 (/health), ready 8181 (/ready), metrics 9153.</summary>
public sealed record DnsOptions
{
    public string? Kubeconfig { get; init; }
    public string ClusterDomain { get; init; } = "cluster.local";
    public int DnsPort { get; init; } = 53;
    public int HealthPort { get; init; } = 8080;
    public int ReadyPort { get; init; } = 8181;
    public int MetricsPort { get; init; } = 9153;
    public int Ttl { get; init; } = Records.ClusterDnsZone.DefaultTtl;

    public static DnsOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new DnsOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            var value = eq > 0 ? arg[(eq + 1)..] : (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value"));
            o = name switch
            {
                "kubeconfig" => o with { Kubeconfig = value },
                "cluster-domain" => o with { ClusterDomain = value.Trim('.') },
                "dns-port" => o with { DnsPort = Port(name, value) },
                "health-port" => o with { HealthPort = Port(name, value) },
                "ready-port" => o with { ReadyPort = Port(name, value) },
                "metrics-port" => o with { MetricsPort = Port(name, value) },
                "ttl" => o with { Ttl = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown flag --{name}"),
            };
        }
        if (string.IsNullOrWhiteSpace(o.ClusterDomain))
        {
            throw new ArgumentException("--cluster-domain must not be empty");
        }
        return o;
    }

    private static int Port(string name, string value)
    {
        var port = int.Parse(value, CultureInfo.InvariantCulture);
        return port is > 0 and < 65536 ? port : throw new ArgumentException($"--{name} must be a port number, not {value}");
    }
}
