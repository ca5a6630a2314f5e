using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class ReplicationControllerStrategyTests
{
    private static JsonObject Rc() => Json("""
        {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"web","namespace":"default"},
         "spec":{"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"chaoslab/echo"}]}}}}
        """);

    [Test]
    public void Selector_and_labels_default_to_the_template_labels()
    {
        var rc = Rc();
        var causes = Create("ReplicationController", rc);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Describe(causes), Is.Empty);
            Assert.That(rc["spec"]!["selector"]!.ToJsonString(), Is.EqualTo("""{"app":"web"}"""));
            Assert.That(rc["metadata"]!["labels"]!.ToJsonString(), Is.EqualTo("""{"app":"web"}"""));
            Assert.That((int?)rc["spec"]!["replicas"], Is.EqualTo(1));
        }
    }

    [Test]
    public void A_selector_that_misses_the_template_is_invalid()
    {
        var rc = Rc();
        rc["spec"]!["selector"] = new JsonObject { ["app"] = "other" };
        Assert.That(Describe(Create("ReplicationController", rc)), Is.EqualTo(
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"));
    }

    [Test]
    public void Missing_template_and_selector_are_required()
    {
        var rc = Json("""{"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"web","namespace":"default"},"spec":{}}""");
        Assert.That(Describe(Create("ReplicationController", rc)), Is.EqualTo("spec.selector: Required value\nspec.template: Required value"));
    }

    [Test]
    public void A_spec_change_bumps_the_generation()
    {
        var strategy = Strategy("ReplicationController");
        var stored = Rc();
        strategy.Default(stored);
        var updated = stored.DeepClone().AsObject();
        updated["spec"]!["replicas"] = 3;
        strategy.PrepareForUpdate(updated, stored);
        Assert.That((long?)updated["metadata"]!["generation"], Is.EqualTo(2));
    }
}
