using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class ChannelFrameTests
{
    [Test]
    public void A_frame_is_the_channel_byte_then_the_data()
    {
        Assert.That(ChannelFrame.Encode(StreamChannel.Stderr, "err\n"u8), Is.EqualTo(new byte[] { 2, (byte)'e', (byte)'r', (byte)'r', (byte)'\n' }));
        Assert.That(ChannelFrame.Encode(StreamChannel.Error, []), Is.EqualTo(new byte[] { 3 }));
    }

    [Test]
    public void Decoding_splits_channel_and_data()
    {
        var frame = ChannelFrame.Decode(new byte[] { 0, (byte)'h', (byte)'i' })!.Value;

        Assert.That(frame.Channel, Is.EqualTo(StreamChannel.Stdin));
        Assert.That(frame.Data.ToArray(), Is.EqualTo("hi"u8.ToArray()));
        Assert.That(frame.ClosedChannel, Is.Null);
    }

    [Test]
    public void An_empty_message_carries_no_frame()
    {
        Assert.That(ChannelFrame.Decode(ReadOnlyMemory<byte>.Empty), Is.Null);
    }

    [Test]
    public void The_v5_close_signal_names_the_channel_it_closes()
    {
        Assert.That(ChannelFrame.Decode(new byte[] { 255, 0 })!.Value.ClosedChannel, Is.EqualTo(StreamChannel.Stdin));
        // Data on channel 255 that is not exactly one channel byte is not a close signal.
        Assert.That(ChannelFrame.Decode(new byte[] { 255, 0, 1 })!.Value.ClosedChannel, Is.Null);
        Assert.That(ChannelFrame.Decode(new byte[] { 255 })!.Value.ClosedChannel, Is.Null);
    }

    [Test]
    public void Stdin_data_that_happens_to_be_one_byte_is_not_a_close()
    {
        Assert.That(ChannelFrame.Decode(new byte[] { 0, 255 })!.Value.ClosedChannel, Is.Null);
    }
}
