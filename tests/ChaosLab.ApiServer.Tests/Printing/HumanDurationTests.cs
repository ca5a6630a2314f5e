using ChaosLab.ApiServer.Printing;

namespace ChaosLab.ApiServer.Tests.Printing;

[Category("Unit")]
public sealed class HumanDurationTests
{
    [TestCase(0, "0s")]
    [TestCase(-1, "0s")]
    [TestCase(-2, "<invalid>")]
    [TestCase(45, "45s")]
    [TestCase(119, "119s")]
    [TestCase(120, "2m")]
    [TestCase(192, "3m12s")]
    [TestCase(10 * 60 + 30, "10m")]
    [TestCase(179 * 60, "179m")]
    [TestCase(3 * 3600, "3h")]
    [TestCase(5 * 3600 + 7 * 60, "5h7m")]
    [TestCase(8 * 3600 + 7 * 60, "8h")]
    [TestCase(47 * 3600, "47h")]
    [TestCase(51 * 3600, "2d3h")]
    [TestCase(7 * 86400, "7d")]
    [TestCase(8 * 86400 + 3600, "8d")]
    [TestCase(400 * 86400, "400d")]
    [TestCase((3 * 365 + 12) * 86400L, "3y12d")]
    [TestCase(9 * 365 * 86400L + 86400 * 40, "9y")]
    public void Durations_read_like_kubectl_ages(long seconds, string expected) =>
        Assert.That(HumanDuration.Format(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void A_missing_timestamp_has_an_unknown_age() =>
        Assert.That(HumanDuration.Since(null, DateTimeOffset.UnixEpoch), Is.EqualTo("<unknown>"));
}
