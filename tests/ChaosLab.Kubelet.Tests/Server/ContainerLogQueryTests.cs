using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class ContainerLogQueryTests
{
    [Test]
    public void Follow_previous_tail_and_limit_are_read()
    {
        var query = ContainerLogQuery.Parse(Query.Of("?follow=true&previous=true&tailLines=10&limitBytes=500"));

        Assert.That(query, Is.EqualTo(new ContainerLogQuery(Follow: true, Previous: true, TailLines: 10, LimitBytes: 500)));
        Assert.That(ContainerLogQuery.Parse(Query.Of("")), Is.EqualTo(new ContainerLogQuery(false, false, null, null)));
    }

    [Test]
    public void Timestamps_and_since_are_read()
    {
        Assert.That(ContainerLogQuery.Parse(Query.Of("?timestamps=true&sinceSeconds=60")),
            Is.EqualTo(new ContainerLogQuery(false, false, null, null) { Timestamps = true, SinceSeconds = 60 }));
        Assert.That(ContainerLogQuery.Parse(Query.Of("?sinceTime=2025-01-01T10:00:00Z")).SinceTime,
            Is.EqualTo(new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.Zero)));
        Assert.That(ContainerLogQuery.Parse(Query.Of("?sinceTime=2025-01-01T12:00:00.5%2B02:00")).SinceTime,
            Is.EqualTo(new DateTimeOffset(2025, 1, 1, 10, 0, 0, 500, TimeSpan.Zero)));
        Assert.That(ContainerLogQuery.Parse(Query.Of("?timestamps=false")).Timestamps, Is.False);
    }

    [Test]
    public void The_since_bound_is_counted_back_from_the_request_or_given()
    {
        var now = new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);
        var none = new ContainerLogQuery(false, false, null, null);

        Assert.That((none with { SinceSeconds = 90 }).Since(now), Is.EqualTo(now.AddSeconds(-90)));
        Assert.That((none with { SinceTime = now.AddHours(-1) }).Since(now), Is.EqualTo(now.AddHours(-1)));
        Assert.That(none.Since(now), Is.Null);
        Assert.That((none with { SinceSeconds = long.MaxValue }).Since(now), Is.EqualTo(DateTimeOffset.MinValue));
    }

    [TestCase("?tailLines=-1", "tailLines must be greater than or equal to 0")]
    [TestCase("?limitBytes=0", "limitBytes must be greater than 0")]
    [TestCase("?tailLines=ten", "tailLines: \"ten\" is not an integer")]
    [TestCase("?sinceSeconds=0", "sinceSeconds must be greater than 0")]
    [TestCase("?sinceSeconds=-5", "sinceSeconds must be greater than 0")]
    [TestCase("?sinceSeconds=1.5", "sinceSeconds: \"1.5\" is not an integer")]
    [TestCase("?sinceTime=yesterday", "sinceTime: parsing time \"yesterday\" as RFC3339 failed")]
    [TestCase("?sinceTime=2025-01-01", "sinceTime: parsing time \"2025-01-01\" as RFC3339 failed")]
    [TestCase("?sinceTime=2025-01-01T10:00:00", "sinceTime: parsing time \"2025-01-01T10:00:00\" as RFC3339 failed")]
    [TestCase("?sinceTime=2025-02-30T10:00:00Z", "sinceTime: parsing time \"2025-02-30T10:00:00Z\" as RFC3339 failed")]
    [TestCase("?sinceSeconds=60&sinceTime=2025-01-01T00:00:00Z", "at most one of `sinceTime` or `sinceSeconds` may be specified")]
    public void Bad_values_are_a_400(string query, string message)
    {
        var error = Assert.Throws<KubeletRequestException>(() => ContainerLogQuery.Parse(Query.Of(query)))!;

        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, message)));
    }
}
