namespace ChaosLab.Kubelet.Server;

/// <summary>One message of the exec protocol: a channel byte, then that channel's bytes.</summary>
public readonly record struct ChannelFrame(StreamChannel Channel, ReadOnlyMemory<byte> Data)
{
    public static byte[] Encode(StreamChannel channel, ReadOnlySpan<byte> data)
    {
        var message = new byte[data.Length + 1];
        message[0] = (byte)channel;
        data.CopyTo(message.AsSpan(1));
        return message;
    }

    /// <summary>Null for an empty message, which carries nothing (some clients send one per channel to open it).</summary>
    public static ChannelFrame? Decode(ReadOnlyMemory<byte> message) =>
        message.IsEmpty ? null : new ChannelFrame((StreamChannel)message.Span[0], message[1..]);

    /// <summary>For a v5 close signal, the channel it closes.</summary>
    public StreamChannel? ClosedChannel => Channel == StreamChannel.Close && Data.Length == 1 ? (StreamChannel)Data.Span[0] : null;
}
