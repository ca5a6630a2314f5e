namespace ChaosLab.Network.Shaping;

/// <summary>A netlink message from the kernel that the delayer acts on.</summary>
public abstract record NetlinkReply(uint Sequence);

/// <summary>A packet waiting in the queue for a verdict: its id, its protocol (an EtherType) and the netfilter hook.</summary>
public sealed record NfQueuePacket(uint Sequence, ushort Queue, uint PacketId, ushort HwProtocol, byte Hook) : NetlinkReply(Sequence);

/// <summary>The kernel's answer to a request: Errno 0 is an acknowledgement, anything else says why it failed.</summary>
public sealed record NetlinkAck(uint Sequence, int Errno) : NetlinkReply(Sequence);
