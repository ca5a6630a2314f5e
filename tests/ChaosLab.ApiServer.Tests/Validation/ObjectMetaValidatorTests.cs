using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Validation;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class ObjectMetaValidatorTests
{
    private static IReadOnlyList<string> Subdomain(string name) => NameRules.IsDNS1123Subdomain(name);

    [Test]
    public void Uppercase_name_is_invalid_with_the_upstream_message()
    {
        var causes = ObjectMetaValidator.Validate(Json("""{"metadata":{"name":"Foo","namespace":"default"}}"""), true, Subdomain);

        Assert.That(Describe(causes), Is.EqualTo(
            "metadata.name: Invalid value: \"Foo\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
            "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        Assert.That(causes[0].Reason, Is.EqualTo("FieldValueInvalid"));
    }

    [Test]
    public void Missing_name_is_required_unless_generateName_is_set()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Describe(ObjectMetaValidator.Validate(Json("""{"metadata":{"namespace":"default"}}"""), true, Subdomain)),
                Is.EqualTo("metadata.name: Required value: name or generateName is required"));
            Assert.That(ObjectMetaValidator.Validate(Json("""{"metadata":{"generateName":"web-","namespace":"default"}}"""), true, Subdomain), Is.Empty);
        }
    }

    [Test]
    public void Invalid_generateName_is_reported_on_generateName()
    {
        var causes = ObjectMetaValidator.Validate(Json("""{"metadata":{"generateName":"Web-","namespace":"default"}}"""), true, Subdomain);

        Assert.That(causes.Single().Field, Is.EqualTo("metadata.generateName"));
    }

    [Test]
    public void Namespaced_kind_without_namespace_is_required()
    {
        var causes = ObjectMetaValidator.Validate(Json("""{"metadata":{"name":"web"}}"""), true, Subdomain);

        Assert.That(Describe(causes), Is.EqualTo("metadata.namespace: Required value"));
    }

    [Test]
    public void Cluster_scoped_kind_with_namespace_is_forbidden()
    {
        var causes = ObjectMetaValidator.Validate(Json("""{"metadata":{"name":"node-1","namespace":"default"}}"""), false, Subdomain);

        Assert.That(Describe(causes), Is.EqualTo("metadata.namespace: Forbidden: not allowed on this type"));
    }

    [Test]
    public void Bad_label_key_and_value_are_reported_on_metadata_labels()
    {
        var causes = ObjectMetaValidator.Validate(Json("""{"metadata":{"name":"web","namespace":"default","labels":{"-bad":"ok","app":"a b"}}}"""), true, Subdomain);

        Assert.That(causes.Select(c => c.Field), Is.EqualTo(new[] { "metadata.labels", "metadata.labels" }));
        Assert.That(causes[0].Message, Does.StartWith("Invalid value: \"-bad\": name part must consist of"));
        Assert.That(causes[1].Message, Does.StartWith("Invalid value: \"a b\": a valid label must be an empty string"));
    }

    [Test]
    public void Annotation_keys_ignore_case_but_must_be_qualified_names()
    {
        var causes = ObjectMetaValidator.Validate(Json("""{"metadata":{"name":"web","namespace":"default","annotations":{"Example.COM/Note":"x","bad key":"y"}}}"""), true, Subdomain);

        Assert.That(causes.Single().Message, Does.StartWith("Invalid value: \"bad key\""));
    }

    [Test]
    public void Annotations_over_256_KiB_are_too_long()
    {
        var obj = Json("""{"metadata":{"name":"web","namespace":"default"}}""");
        obj["metadata"]!["annotations"] = new JsonObject { ["big"] = new string('x', 256 * 1024) };

        var cause = ObjectMetaValidator.Validate(obj, true, Subdomain).Single();

        Assert.That($"{cause.Field}: {cause.Message}", Is.EqualTo("metadata.annotations: Too long: may not be more than 262144 bytes"));
        Assert.That(cause.Reason, Is.EqualTo("FieldValueTooLong"));
    }

    [Test]
    public void Update_may_not_change_name_namespace_uid_or_creationTimestamp()
    {
        var old = Json("""{"metadata":{"name":"web","namespace":"default","uid":"u1","creationTimestamp":"2025-01-01T00:00:00Z"}}""");
        var changed = Json("""{"metadata":{"name":"web2","namespace":"other","uid":"u2","creationTimestamp":"2025-02-01T00:00:00Z"}}""");

        var causes = ObjectMetaValidator.ValidateUpdate(changed, old);

        Assert.That(Describe(causes), Is.EqualTo(
            "metadata.name: Invalid value: \"web2\": field is immutable\n" +
            "metadata.namespace: Invalid value: \"other\": field is immutable\n" +
            "metadata.uid: Invalid value: \"u2\": field is immutable\n" +
            "metadata.creationTimestamp: Invalid value: \"2025-02-01T00:00:00Z\": field is immutable"));
    }

    [Test]
    public void Update_that_changes_only_labels_is_valid()
    {
        var old = Json("""{"metadata":{"name":"web","namespace":"default","uid":"u1","labels":{"a":"1"}}}""");
        var changed = Json("""{"metadata":{"name":"web","namespace":"default","uid":"u1","labels":{"a":"2"}}}""");

        Assert.That(ObjectMetaValidator.ValidateUpdate(changed, old), Is.Empty);
    }
}
