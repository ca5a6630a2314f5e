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

    [TestCase("?tailLines=-1", "tailLines must be greater than or equal to 0")]
    [TestCase("?limitBytes=0", "limitBytes must be greater than 0")]
    [TestCase("?tailLines=ten", "tailLines: \"ten\" is not an integer")]
    public void Bad_values_are_a_400(string query, string message)
    {
        var error = Assert.Throws<KubeletRequestException>(() => ContainerLogQuery.Parse(Query.Of(query)))!;

        Assert.That((error.StatusCode, error.Message), Is.EqualTo((400, message)));
    }

    [TestCase("?timestamps=true", "timestamps")]
    [TestCase("?sinceSeconds=60", "sinceSeconds")]
    [TestCase("?sinceTime=2025-01-01T00:00:00Z", "sinceTime")]
    public void Options_that_need_per_line_times_are_refused_not_ignored(string query, string option)
    {
        var error = Assert.Throws<KubeletRequestException>(() => ContainerLogQuery.Parse(Query.Of(query)))!;

        Assert.That(error.StatusCode, Is.EqualTo(400));
        Assert.That(error.Message, Does.StartWith($"{option} is not supported"));
    }

    [Test]
    public void Timestamps_false_is_fine()
    {
        Assert.That(ContainerLogQuery.Parse(Query.Of("?timestamps=false")).Follow, Is.False);
    }
}
