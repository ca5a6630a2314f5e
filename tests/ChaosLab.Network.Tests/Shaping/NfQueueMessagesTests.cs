using ChaosLab.Network.Shaping;

namespace ChaosLab.Network.Tests.Shaping;

/// <summary>Byte layouts checked against the kernel's nfnetlink_queue structs (nlmsghdr in host order, x86-64 / arm64 little-endian).</summary>
[Category("Unit")]
public sealed class NfQueueMessagesTests
{
    [Test]
    public void Bind_is_a_config_command_for_the_queue_asking_for_an_ack()
    {
        Assert.That(Convert.ToHexString(NfQueueMessages.Bind(7, 1)), Is.EqualTo(
            "1C000000" + "0203" + "0500" + "01000000" + "00000000" // nlmsghdr: len 28, QUEUE<<8|CONFIG, REQUEST|ACK, seq 1, pid 0
            + "00000007" // nfgenmsg: AF_UNSPEC, v0, res_id = queue 7 big-endian
            + "08000100" + "01000000")); // NFQA_CFG_CMD: BIND, pad, pf 0
    }

    [Test]
    public void Unbind_is_the_same_config_command_with_unbind()
    {
        Assert.That(Convert.ToHexString(NfQueueMessages.Unbind(0x1234, 9)), Is.EqualTo(
            "1C000000" + "0203" + "0500" + "09000000" + "00000000" + "00001234" + "08000100" + "02000000"));
    }

    [Test]
    public void Copy_mode_is_the_packed_params_struct_padded_to_four_bytes()
    {
        Assert.That(Convert.ToHexString(NfQueueMessages.CopyMode(0x0102, NfQueueCopyMode.Packet, 0xFFFF, 2)), Is.EqualTo(
            "20000000" + "0203" + "0500" + "02000000" + "00000000" + "00000102"
            + "09000200" + "0000FFFF" + "02" + "000000")); // NFQA_CFG_PARAMS len 9: be32 range, u8 mode, then padding
    }

    [Test]
    public void A_verdict_carries_verdict_and_packet_id_in_network_order_without_an_ack()
    {
        Assert.That(Convert.ToHexString(NfQueueMessages.Verdict(7, 0x01020304, NfVerdict.Accept, 3)), Is.EqualTo(
            "20000000" + "0103" + "0100" + "03000000" + "00000000" + "00000007"
            + "0C000200" + "00000001" + "01020304"));
        Assert.That(Convert.ToHexString(NfQueueMessages.Verdict(7, 5, NfVerdict.Drop, 4)), Does.EndWith("0C000200" + "00000000" + "00000005"));
    }

    [Test]
    public void A_packet_message_yields_queue_packet_id_protocol_and_hook_whatever_attributes_come_first()
    {
        byte[] packet =
        [
            0x30, 0, 0, 0, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0x2A, 0, 0, 0, // nlmsghdr: len 48, QUEUE<<8|PACKET, seq 0, pid 42
            2, 0, 0x00, 0x07, // nfgenmsg: AF_INET, v0, queue 7
            8, 0, 0x06, 0x40, 0, 0, 0, 1, // NFQA_IFINDEX_OUTDEV with NLA_F_NET_BYTEORDER
            11, 0, 0x01, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x08, 0x00, 3, 0, // NFQA_PACKET_HDR: id, ETH_P_IP, NF_INET_LOCAL_OUT, pad
            8, 0, 0x03, 0x00, 0, 0, 0, 0, // NFQA_MARK
        ];

        Assert.That(NfQueueMessages.Parse(packet), Is.EqualTo(new NetlinkReply[] { new NfQueuePacket(0, 7, 0xDEADBEEF, 0x0800, 3) }));
    }

    [Test]
    public void Acks_and_errors_and_packets_in_one_datagram_are_all_read()
    {
        byte[] ack = [0x24, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. NfQueueMessages.Bind(1, 5)[..16]];
        byte[] eperm = [0x24, 0, 0, 0, 2, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, .. NfQueueMessages.Bind(1, 6)[..16]];
        byte[] packet = [0x20, 0, 0, 0, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 11, 0, 1, 0, 0, 0, 0, 9, 0x86, 0xDD, 1, 0];

        var replies = NfQueueMessages.Parse([.. ack, .. eperm, .. packet]);

        Assert.That(replies, Is.EqualTo(new NetlinkReply[] { new NetlinkAck(5, 0), new NetlinkAck(6, 1), new NfQueuePacket(0, 1, 9, 0x86DD, 1) }));
    }

    [Test]
    public void Truncated_messages_and_packets_without_a_header_are_skipped()
    {
        byte[] noHeader = [0x1C, 0, 0, 0, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 8, 0, 3, 0, 0, 0, 0, 0];
        byte[] truncated = [0x40, 0, 0, 0, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1];

        Assert.That(NfQueueMessages.Parse([.. noHeader, .. truncated]), Is.Empty);
        Assert.That(NfQueueMessages.Parse([]), Is.Empty);
    }
}
