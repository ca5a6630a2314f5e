namespace ChaosLab.ApiServer.Proxy;

/// <summary>
/// The name in a proxy path, <c>[scheme:]name[:port]</c>, split as upstream's SplitSchemeNamePort splits it: one part is
/// the name, two are name and port, three are scheme, name and port; the scheme may only be http, https or empty.
/// </summary>
public sealed record ProxyTarget(string Scheme, string Name, string Port)
{
    public static ProxyTarget? TryParse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var parts = id.Split(':');
        var (scheme, name, port) = parts.Length switch
        {
            1 => ("", parts[0], ""),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => ("", "", ""),
        };
        return name.Length > 0 && scheme is "" or "http" or "https" ? new ProxyTarget(scheme, name, port) : null;
    }

    /// <summary>The scheme the backend is spoken to in: the one named, else http (as upstream normalizes a location without one).</summary>
    public string SchemeOrHttp => Scheme.Length == 0 ? "http" : Scheme;

    /// <summary>A port given as a number, else null: for a pod or a node a port must be one, for a service it may be a port's name.</summary>
    public static int? PortNumber(string port) =>
        int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 65535 ? n : null;
}
