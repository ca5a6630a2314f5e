using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Streaming;

namespace ChaosLab.ApiServer.Tests.Streaming;

[Category("Unit")]
public sealed class PodLogOptionsTests
{
    [Test]
    public void Kubectls_parameters_are_read_and_passed_to_the_kubelet_as_upstream_passes_them()
    {
        var options = PodLogOptions.Parse(Query.Of("?container=echo&follow=true&tailLines=10&limitBytes=2048&previous=1&timestamps=false"), "web");

        Assert.That(options, Is.EqualTo(new PodLogOptions("echo", Follow: true, Previous: true, Timestamps: false, null, null, TailLines: 10, LimitBytes: 2048)));
        Assert.That(options.KubeletQuery(), Is.EqualTo("follow=true&previous=true&tailLines=10&limitBytes=2048"));
    }

    [Test]
    public void No_parameters_mean_the_whole_log_of_the_default_container()
    {
        var options = PodLogOptions.Parse(Query.Of(""), "web");

        Assert.That(options, Is.EqualTo(new PodLogOptions(null, false, false, false, null, null, null, null)));
        Assert.That(options.KubeletQuery(), Is.Empty);
    }

    [Test]
    public void Since_and_timestamps_are_passed_on()
    {
        var options = PodLogOptions.Parse(Query.Of("?sinceSeconds=60&timestamps=true"), "web");
        Assert.That(options.KubeletQuery(), Is.EqualTo("timestamps=true&sinceSeconds=60"));

        var since = PodLogOptions.Parse(Query.Of("?sinceTime=2025-03-01T10:20:30Z"), "web");
        Assert.That(since.KubeletQuery(), Is.EqualTo("sinceTime=2025-03-01T10%3A20%3A30Z"));
    }

    [TestCase("?tailLines=-1", "tailLines", "PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0")]
    [TestCase("?limitBytes=0", "limitBytes", "PodLogOptions \"web\" is invalid: limitBytes: Invalid value: 0: must be greater than 0")]
    [TestCase("?sinceSeconds=0", "sinceSeconds", "PodLogOptions \"web\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0")]
    [TestCase("?sinceSeconds=5&sinceTime=2025-03-01T10:20:30Z", "", "PodLogOptions \"web\" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified")]
    public void Invalid_values_are_a_422_naming_the_field(string query, string field, string message)
    {
        var error = Assert.Throws<ApiException>(() => PodLogOptions.Parse(Query.Of(query), "web"))!;

        Assert.That((error.Code, error.Reason, error.Message), Is.EqualTo((422, "Invalid", message)));
        Assert.That(error.Details!.Kind, Is.EqualTo("PodLogOptions"));
        Assert.That(error.Details.Causes.Single().Field, Is.EqualTo(field));
    }

    [TestCase("?follow=yes", "follow: strconv.ParseBool: parsing \"yes\": invalid syntax")]
    [TestCase("?tailLines=ten", "tailLines: strconv.ParseInt: parsing \"ten\": invalid syntax")]
    [TestCase("?sinceTime=yesterday", "sinceTime: parsing time \"yesterday\" as RFC 3339 failed")]
    public void Unparseable_values_are_a_400(string query, string message)
    {
        var error = Assert.Throws<ApiException>(() => PodLogOptions.Parse(Query.Of(query), "web"))!;

        Assert.That((error.Code, error.Message), Is.EqualTo((400, message)));
    }
}
