using System.Text;
using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class CriLogTimestampTests
{
    [TestCase("2016-10-06T00:17:09.669794202Z", "2016-10-06T00:17:09.669794202Z")]
    [TestCase("2016-10-06T00:17:09.6697942Z", "2016-10-06T00:17:09.669794200Z")]
    [TestCase("2016-10-06T00:17:09Z", "2016-10-06T00:17:09.000000000Z")]
    [TestCase("2016-10-06T02:17:09.5+02:00", "2016-10-06T02:17:09.500000000+02:00")]
    [TestCase("2016-10-06T00:17:09.5+00:00", "2016-10-06T00:17:09.500000000Z")]
    [TestCase("2016-10-05T20:17:09.1234567891-04:00", "2016-10-05T20:17:09.123456789-04:00")]
    public void Parses_rfc3339_with_any_fraction_and_shows_nine_digits(string text, string shown)
    {
        Assert.That(CriLogTimestamp.TryParse(Encoding.ASCII.GetBytes(text), out var timestamp), Is.True);
        Assert.That(timestamp.ToString(), Is.EqualTo(shown));
    }

    [Test]
    public void The_time_compares_to_100_ns()
    {
        Assert.That(CriLogTimestamp.TryParse("2016-10-06T02:17:09.669794202+02:00"u8, out var timestamp), Is.True);
        Assert.That(timestamp.Time, Is.EqualTo(new DateTimeOffset(2016, 10, 6, 0, 17, 9, TimeSpan.Zero).AddTicks(6_697_942)));
        Assert.That(timestamp.Nanosecond, Is.EqualTo(669_794_202));
    }

    [TestCase("")]
    [TestCase("2016-10-06")]
    [TestCase("2016-10-06T00:17:09")]
    [TestCase("2016-10-06 00:17:09Z")]
    [TestCase("2016-10-06T00:17:09.Z")]
    [TestCase("2016-13-06T00:17:09Z")]
    [TestCase("2016-02-30T00:17:09Z")]
    [TestCase("2016-10-06T24:17:09Z")]
    [TestCase("2016-10-06T00:17:09+0200")]
    [TestCase("2016-10-06T00:17:09z")]
    [TestCase("0000-10-06T00:17:09Z")]
    public void Refuses_what_is_not_rfc3339(string text)
    {
        Assert.That(CriLogTimestamp.TryParse(Encoding.ASCII.GetBytes(text), out _), Is.False);
    }
}
