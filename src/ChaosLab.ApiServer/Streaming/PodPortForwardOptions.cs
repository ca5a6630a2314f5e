using System.Globalization;
using ChaosLab.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>
/// The query of a pods/NAME/portforward WebSocket of the older protocol (PodPortForwardOptions): ports, repeated or
/// comma-separated, passed to the kubelet as upstream passes them, one "port" parameter each. Only that protocol reads
/// them; SPDY (tunnelled or not) names its port in each stream's headers.
/// </summary>
public sealed record PodPortForwardOptions(IReadOnlyList<int> Ports)
{
    public static PodPortForwardOptions Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ports = new List<int>();
        foreach (var text in query["ports"].SelectMany(v => (v ?? "").Split(',')))
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port))
            {
                throw ApiException.BadRequest($"ports: strconv.ParseInt: parsing \"{text}\": invalid syntax");
            }
            if (port is < 1 or > ushort.MaxValue)
            {
                throw ApiException.BadRequest($"port \"{text}\" must be 1-65535");
            }
            ports.Add(port);
        }
        if (ports.Count == 0)
        {
            throw ApiException.BadRequest("query parameter \"port\" is required");
        }
        return new PodPortForwardOptions(ports);
    }

    public string KubeletQuery() => string.Join('&', Ports.Select(p => "port=" + p.ToString(CultureInfo.InvariantCulture)));
}
