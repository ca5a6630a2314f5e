namespace ChaosLab.Kubelet.Server;

/// <summary>The channels of the channel.k8s.io exec protocols: the first byte of every binary WebSocket message.</summary>
public enum StreamChannel : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
    Error = 3,
    Resize = 4,

    /// <summary>v5 only: [255, channel] half-closes that channel (the client's stdin is done).</summary>
    Close = 255,
}
