using System.Buffers.Binary;

namespace ChaosLab.Network.Shaping;

/// <summary>Copy modes of a queue: how much of each packet the kernel sends to the consumer.</summary>
public enum NfQueueCopyMode : byte
{
    None = 0,
    Meta = 1,
    Packet = 2,
}

/// <summary>Verdicts a consumer gives a queued packet (the kernel's NF_DROP and NF_ACCEPT).</summary>
public enum NfVerdict : uint
{
    Drop = 0,
    Accept = 1,
}

/// <summary>
/// The nfnetlink_queue protocol as bytes: config and verdict requests to build, packet and ack
/// messages to parse. A message is an nlmsghdr (host byte order, little-endian on the machines the
/// lab runs on), an nfgenmsg whose res_id is the queue number (network order), then attributes
/// padded to 4 bytes; protocol fields inside attributes are in network order.
/// </summary>
public static class NfQueueMessages
{
    public const int NetlinkHeaderLength = 16;
    public const int NfGenHeaderLength = 4;

    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFAck = 0x4;
    private const ushort NlmsgError = 2;
    private const ushort NfnlSubsysQueue = 3;
    private const ushort NfqnlMsgPacket = 0;
    private const ushort NfqnlMsgVerdict = 1;
    private const ushort NfqnlMsgConfig = 2;
    private const ushort NfqaPacketHdr = 1;
    private const ushort NfqaVerdictHdr = 2;
    private const ushort NfqaCfgCmd = 1;
    private const ushort NfqaCfgParams = 2;
    private const byte NfqnlCfgCmdBind = 1;
    private const byte NfqnlCfgCmdUnbind = 2;
    private const ushort NlaTypeMask = 0x3fff;
    private const int PacketHeaderLength = 7;

    /// <summary>NFQNL_MSG_CONFIG with NFQNL_CFG_CMD_BIND: this socket becomes the queue's consumer (acknowledged).</summary>
    public static byte[] Bind(ushort queue, uint sequence) => ConfigCommand(queue, NfqnlCfgCmdBind, sequence);

    /// <summary>NFQNL_MSG_CONFIG with NFQNL_CFG_CMD_UNBIND: the kernel drops what is still queued (acknowledged).</summary>
    public static byte[] Unbind(ushort queue, uint sequence) => ConfigCommand(queue, NfqnlCfgCmdUnbind, sequence);

    /// <summary>NFQNL_MSG_CONFIG with NFQA_CFG_PARAMS: how much of each packet to copy (acknowledged).</summary>
    public static byte[] CopyMode(ushort queue, NfQueueCopyMode mode, uint range, uint sequence)
    {
        // nfqnl_msg_config_params is packed: be32 copy_range, u8 copy_mode.
        Span<byte> parameters = stackalloc byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(parameters, range);
        parameters[4] = (byte)mode;
        return Message(NfqnlMsgConfig, NlmFRequest | NlmFAck, queue, sequence, NfqaCfgParams, parameters);
    }

    /// <summary>NFQNL_MSG_VERDICT for one packet; not acknowledged (the kernel still answers an error).</summary>
    public static byte[] Verdict(ushort queue, uint packetId, NfVerdict verdict, uint sequence)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)verdict);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], packetId);
        return Message(NfqnlMsgVerdict, NlmFRequest, queue, sequence, NfqaVerdictHdr, header);
    }

    /// <summary>
    /// The messages of one received datagram that matter here: queued packets and acks/errors.
    /// Other messages, packets without a packet header and truncated tails are skipped.
    /// </summary>
    public static IReadOnlyList<NetlinkReply> Parse(ReadOnlySpan<byte> datagram)
    {
        var replies = new List<NetlinkReply>();
        while (datagram.Length >= NetlinkHeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (length < NetlinkHeaderLength || length > datagram.Length)
            {
                break;
            }
            var message = datagram[..(int)length];
            var type = BinaryPrimitives.ReadUInt16LittleEndian(message[4..]);
            var sequence = BinaryPrimitives.ReadUInt32LittleEndian(message[8..]);
            var body = message[NetlinkHeaderLength..];
            if (type == NlmsgError && body.Length >= 4)
            {
                replies.Add(new NetlinkAck(sequence, -BinaryPrimitives.ReadInt32LittleEndian(body)));
            }
            else if (type == ((NfnlSubsysQueue << 8) | NfqnlMsgPacket) && TryParsePacket(sequence, body) is { } packet)
            {
                replies.Add(packet);
            }
            datagram = datagram[Math.Min(Align((int)length), datagram.Length)..];
        }
        return replies;
    }

    private static NfQueuePacket? TryParsePacket(uint sequence, ReadOnlySpan<byte> body)
    {
        if (body.Length < NfGenHeaderLength)
        {
            return null;
        }
        var queue = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        var attributes = body[NfGenHeaderLength..];
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & NlaTypeMask;
            if (length < 4 || length > attributes.Length)
            {
                return null;
            }
            if (type == NfqaPacketHdr && length >= 4 + PacketHeaderLength)
            {
                var header = attributes[4..];
                return new NfQueuePacket(sequence, queue, BinaryPrimitives.ReadUInt32BigEndian(header), BinaryPrimitives.ReadUInt16BigEndian(header[4..]), header[6]);
            }
            attributes = attributes[Math.Min(Align(length), attributes.Length)..];
        }
        return null;
    }

    private static byte[] ConfigCommand(ushort queue, byte command, uint sequence)
    {
        // nfqnl_msg_config_cmd: u8 command, u8 pad, be16 pf; the kernel has ignored pf for binds since 3.8.
        ReadOnlySpan<byte> cmd = [command, 0, 0, 0];
        return Message(NfqnlMsgConfig, NlmFRequest | NlmFAck, queue, sequence, NfqaCfgCmd, cmd);
    }

    private static byte[] Message(ushort messageType, ushort flags, ushort queue, uint sequence, ushort attributeType, ReadOnlySpan<byte> attributeValue)
    {
        var attributeLength = 4 + attributeValue.Length;
        var total = NetlinkHeaderLength + NfGenHeaderLength + Align(attributeLength);
        var bytes = new byte[total];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)total);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], (ushort)((NfnlSubsysQueue << 8) | messageType));
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], sequence);
        // nlmsg_pid stays 0: the message is for the kernel. nfgenmsg: family AF_UNSPEC, version NFNETLINK_V0.
        BinaryPrimitives.WriteUInt16BigEndian(span[(NetlinkHeaderLength + 2)..], queue);
        var attribute = span[(NetlinkHeaderLength + NfGenHeaderLength)..];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)attributeLength);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], attributeType);
        attributeValue.CopyTo(attribute[4..]);
        return bytes;
    }

    private static int Align(int length) => (length + 3) & ~3;
}
