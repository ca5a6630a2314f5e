namespace ChaosLab.Network.Cni;

/// <summary>The error result: exit code non-zero, this on stdout. cniVersion is the config's (or <see cref="CniVersions.Current"/>).</summary>
internal sealed record CniError(string CniVersion, int Code, string Msg, string Details);

/// <summary>VERSION's result: the cniVersion it was asked with and every version the plugin speaks.</summary>
internal sealed record CniVersionResult(string CniVersion, IReadOnlyList<string> SupportedVersions);

/// <summary>VERSION's input on stdin (optional): {"cniVersion": "..."}.</summary>
internal sealed record CniVersionRequest(string? CniVersion);
