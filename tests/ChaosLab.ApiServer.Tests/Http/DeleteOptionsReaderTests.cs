using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Tests.Streaming;

namespace ChaosLab.ApiServer.Tests.Http;

[Category("Unit")]
public sealed class DeleteOptionsReaderTests
{
    private static DeleteOptions Read(string? body, string query = "") =>
        DeleteOptionsReader.From(body is null ? null : JsonNode.Parse(body), Query.Of(query));

    private static ApiException Refused(string? body, string query = "") => Assert.Throws<ApiException>(() => Read(body, query))!;

    [Test]
    public void Kubectls_body_is_read()
    {
        var options = Read("""{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground","gracePeriodSeconds":5,"preconditions":{"uid":"u-1","resourceVersion":"42"},"dryRun":["All"]}""");

        Assert.That(options, Is.EqualTo(new DeleteOptions("Foreground", 5, "u-1", "42", DryRun: true)));
    }

    [Test]
    public void Without_a_body_the_query_says_it()
    {
        Assert.That(Read(null, "?gracePeriodSeconds=0&propagationPolicy=Orphan&dryRun=All"), Is.EqualTo(new DeleteOptions("Orphan", 0, null, null, true)));
        Assert.That(Read(null), Is.EqualTo(new DeleteOptions(null, null, null, null, false)));
    }

    [TestCase("?orphanDependents=true", "Orphan")]
    [TestCase("?orphanDependents=yes", "Orphan")]
    [TestCase("?orphanDependents=false", null)]
    [TestCase("?orphanDependents=F", null)]
    [TestCase("?orphanDependents=0", null)]
    public void Without_a_body_orphan_dependents_in_the_query_counts_as_upstream_converts_it(string query, string? policy) =>
        Assert.That(Read(null, query).PropagationPolicy, Is.EqualTo(policy));

    [Test]
    public void The_query_fills_what_the_body_leaves_out()
    {
        Assert.That(Read("""{"propagationPolicy":"Background"}""", "?gracePeriodSeconds=3"), Is.EqualTo(new DeleteOptions("Background", 3, null, null, false)));
        Assert.That(Read("""{"orphanDependents":true}"""), Is.EqualTo(new DeleteOptions("Orphan", null, null, null, false)));
    }

    [TestCase("""{"gracePeriodSeconds":"abc"}""", "json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64")]
    [TestCase("""{"gracePeriodSeconds":1.5}""", "json: cannot unmarshal number 1.5 into Go struct field DeleteOptions.gracePeriodSeconds of type int64")]
    [TestCase("""{"preconditions":"x"}""", "json: cannot unmarshal string into Go struct field DeleteOptions.preconditions of type v1.Preconditions")]
    [TestCase("""{"preconditions":{"uid":5}}""", "json: cannot unmarshal number into Go struct field Preconditions.preconditions.uid of type types.UID")]
    [TestCase("""{"propagationPolicy":5}""", "json: cannot unmarshal number into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation")]
    [TestCase("""{"orphanDependents":"randomString"}""", "json: cannot unmarshal string into Go struct field DeleteOptions.orphanDependents of type bool")]
    [TestCase("""{"dryRun":"All"}""", "json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string")]
    [TestCase("""{"apiVersion":false,"kind":"DeleteOptions"}""", "couldn't get version/kind; json parse error: json: cannot unmarshal bool into Go struct field .apiVersion of type string")]
    public void A_field_of_the_wrong_type_is_a_400_with_the_decoders_message(string body, string message)
    {
        var error = Refused(body);

        Assert.That((error.Code, error.Reason), Is.EqualTo((400, "BadRequest")));
        Assert.That(error.Message, Is.EqualTo(message));
    }

    [Test]
    public void A_body_that_is_not_an_object_is_a_400() =>
        Assert.That(Refused("[]").Message, Does.StartWith("couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct {"));

    [TestCase("""{"propagationPolicy":"Bogus"}""", "", "propagationPolicy: Unsupported value: \"Bogus\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")]
    [TestCase(null, "?propagationPolicy=Bogus", "propagationPolicy: Unsupported value: \"Bogus\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")]
    [TestCase("""{"orphanDependents":false,"propagationPolicy":"Background"}""", "", "propagationPolicy: Invalid value: \"Background\": orphanDependents and deletionPropagation cannot be both set")]
    [TestCase(null, "?orphanDependents=true&propagationPolicy=Foreground", "propagationPolicy: Invalid value: \"Foreground\": orphanDependents and deletionPropagation cannot be both set")]
    [TestCase("""{"dryRun":["Bogus"]}""", "", "dryRun: Unsupported value: []string{\"Bogus\"}: supported values: \"All\"")]
    [TestCase(null, "?dryRun=Bogus", "dryRun: Unsupported value: []string{\"Bogus\"}: supported values: \"All\"")]
    public void Unsupported_values_are_a_422_on_delete_options(string? body, string query, string cause)
    {
        var error = Refused(body, query);

        Assert.That((error.Code, error.Reason), Is.EqualTo((422, "Invalid")));
        Assert.That(error.Message, Is.EqualTo($"DeleteOptions.meta.k8s.io \"\" is invalid: {cause}"));
    }

    [Test]
    public void A_malformed_grace_period_in_the_query_is_a_400() =>
        Assert.That(Refused(null, "?gracePeriodSeconds=abc").Code, Is.EqualTo(400));
}
