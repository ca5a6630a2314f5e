using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Tests.Streaming;

namespace ChaosLab.ApiServer.Tests.Http;

[Category("Unit")]
public sealed class QueryOptionsTests
{
    private static ApiException Invalid(TestDelegate parse)
    {
        var error = Assert.Throws<ApiException>(parse)!;
        Assert.That((error.Code, error.Reason), Is.EqualTo((422, "Invalid")), error.Message);
        return error;
    }

    [TestCase("", false, null, "Warn")]
    [TestCase("?dryRun=All", true, null, "Warn")]
    [TestCase("?dryRun=All&dryRun=All", true, null, "Warn")]
    [TestCase("?fieldManager=kubectl-client-side-apply&fieldValidation=Strict", false, "kubectl-client-side-apply", "Strict")]
    [TestCase("?fieldValidation=Ignore", false, null, "Ignore")]
    [TestCase("?fieldValidation=", false, null, "Warn")]
    public void Supported_write_options_are_read(string query, bool dryRun, string? fieldManager, string fieldValidation) =>
        Assert.That(QueryOptions.Write(Query.Of(query), "CreateOptions"), Is.EqualTo(new WriteOptions(dryRun, fieldManager, fieldValidation)));

    [TestCase("?dryRun=Bogus", "[]string{\"Bogus\"}")]
    [TestCase("?dryRun=All&dryRun=Bogus", "[]string{\"All\", \"Bogus\"}")]
    [TestCase("?dryRun=", "[]string{\"\"}")]
    public void Dry_run_other_than_All_is_refused_before_anything_is_written(string query, string rendered)
    {
        var error = Invalid(() => QueryOptions.Write(Query.Of(query), "CreateOptions"));

        Assert.That(error.Message, Is.EqualTo($"CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: {rendered}: supported values: \"All\""));
        Assert.That(error.Details!.Causes.Single(), Is.EqualTo(new FieldCause("FieldValueNotSupported", $"Unsupported value: {rendered}: supported values: \"All\"", "dryRun")));
        Assert.That((error.Details.Kind, error.Details.Group, error.Details.Name), Is.EqualTo(("CreateOptions", "meta.k8s.io", "")));
    }

    [TestCase("Bogus")]
    [TestCase("strict")]
    public void Field_validation_must_be_spelled_as_upstream_spells_it(string value)
    {
        var error = Invalid(() => QueryOptions.Write(Query.Of("?fieldValidation=" + value), "PatchOptions"));

        Assert.That(error.Message, Is.EqualTo(
            $"PatchOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"{value}\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\""));
    }

    [Test]
    public void A_field_manager_is_at_most_128_bytes_of_printable_characters()
    {
        Assert.That(Invalid(() => QueryOptions.Write(Query.Of("?fieldManager=" + new string('m', 129)), "UpdateOptions")).Message,
            Is.EqualTo("UpdateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes"));
        Assert.That(Invalid(() => QueryOptions.Write(Query.Of("?fieldManager=a%09b"), "UpdateOptions")).Message,
            Is.EqualTo("UpdateOptions.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: \"a\\tb\": invalid character U+0009 (at position 1)"));
        Assert.That(QueryOptions.Write(Query.Of("?fieldManager=" + new string('m', 128)), "UpdateOptions").FieldManager, Has.Length.EqualTo(128));
    }

    [Test]
    public void Resource_version_match_bogus_on_a_list_is_unsupported()
    {
        var error = Invalid(() => QueryOptions.List(Query.Of("?resourceVersion=0&resourceVersionMatch=Bogus")));

        Assert.That(error.Message, Is.EqualTo(
            "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"Bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\""));
    }

    [Test]
    public void Resource_version_match_without_a_resource_version_is_forbidden_as_well()
    {
        var error = Invalid(() => QueryOptions.List(Query.Of("?resourceVersionMatch=Bogus")));

        Assert.That(error.Details!.Causes.Select(c => c.Reason), Is.EqualTo(new[] { "FieldValueForbidden", "FieldValueNotSupported" }));
        Assert.That(error.Message, Does.StartWith(
            "ListOptions.meta.k8s.io \"\" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided, "));
    }

    [TestCase("?resourceVersion=0&resourceVersionMatch=Exact", "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [TestCase("?resourceVersion=5&resourceVersionMatch=Exact&continue=abc", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided")]
    [TestCase("?sendInitialEvents=true", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    [TestCase("?watch=true&resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [TestCase("?watch=true&sendInitialEvents=true", "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    public void List_and_watch_options_upstream_forbids_are_refused(string query, string cause) =>
        Assert.That(Invalid(() => QueryOptions.List(Query.Of(query))).Message, Is.EqualTo($"ListOptions.meta.k8s.io \"\" is invalid: {cause}"));

    [TestCase("?resourceVersion=5&resourceVersionMatch=Exact")]
    [TestCase("?resourceVersion=5&resourceVersionMatch=NotOlderThan")]
    [TestCase("?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan")]
    [TestCase("?watch=true&resourceVersion=0&allowWatchBookmarks=true&timeoutSeconds=300")]
    [TestCase("?limit=500&labelSelector=app%3Dweb")]
    public void Supported_list_and_watch_options_pass(string query) =>
        Assert.That(() => QueryOptions.List(Query.Of(query)), Throws.Nothing);

    [Test]
    public void A_timeout_too_long_for_an_int_is_kept_whole()
    {
        Assert.That(QueryOptions.List(Query.Of("?watch=true&timeoutSeconds=5000000")).TimeoutSeconds, Is.EqualTo(5_000_000));
        Assert.That(QueryOptions.List(Query.Of("?watch=true&timeoutSeconds=99999999999")).TimeoutSeconds, Is.EqualTo(99_999_999_999));
    }

    [TestCase("?timeoutSeconds=abc")]
    [TestCase("?timeoutSeconds=-1")]
    [TestCase("?limit=x")]
    public void Numbers_that_do_not_parse_are_a_400(string query) =>
        Assert.That(Assert.Throws<ApiException>(() => QueryOptions.List(Query.Of(query)))!.Code, Is.EqualTo(400));
}
