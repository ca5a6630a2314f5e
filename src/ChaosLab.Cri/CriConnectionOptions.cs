namespace ChaosLab.Cri;

/// <summary>Where the container runtime listens and how long one CRI call may take.</summary>
public sealed record CriConnectionOptions
{
    /// <summary>containerd's own socket; its CRI plugin serves runtime.v1 on it next to containerd's API.</summary>
    public const string ContainerdSocket = "/run/containerd/containerd.sock";

    public string SocketPath { get; init; } = ContainerdSocket;

    /// <summary>
    /// The deadline given to every call that does not bring its own; the kubelet's
    /// <c>--runtime-request-timeout</c> default. A caller that must wait longer (a large image pull) passes
    /// its own deadline, or <see cref="DateTime.MaxValue"/> for none.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest message either way; the kubelet allows 16 MiB (ListContainers on a busy node).</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024 * 1024;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SocketPath))
        {
            throw new ArgumentException("CRI socket path is empty.", nameof(SocketPath));
        }
        if (CallTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CallTimeout), CallTimeout, "CRI call timeout must be positive.");
        }
        if (MaxMessageBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageBytes), MaxMessageBytes, "CRI message size limit must be positive.");
        }
    }
}
