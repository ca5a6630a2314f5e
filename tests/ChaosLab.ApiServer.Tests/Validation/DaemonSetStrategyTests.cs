using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class DaemonSetStrategyTests
{
    private static JsonObject DaemonSet() => Json("""
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"default"},
         "spec":{"selector":{"matchLabels":{"app":"agent"}},
                 "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"a","image":"chaoslab/echo"}]}}}}
        """);

    [Test]
    public void Minimal_daemonset_gets_upstream_defaults_and_is_valid()
    {
        var ds = DaemonSet();
        var causes = Create("DaemonSet", ds);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Describe(causes), Is.Empty);
            Assert.That(ds["spec"]!["updateStrategy"]!.ToJsonString(), Is.EqualTo("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}"""));
            Assert.That((int?)ds["spec"]!["revisionHistoryLimit"], Is.EqualTo(10));
            Assert.That((string?)ds["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"], Is.EqualTo("1"));
        }
    }

    [Test]
    public void Both_surge_and_unavailable_set_is_invalid()
    {
        var ds = DaemonSet();
        ds["spec"]!["updateStrategy"] = Json("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":"10%"}}""");
        Assert.That(Describe(Create("DaemonSet", ds)), Is.EqualTo(
            "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"10%\"}: may not be set when maxUnavailable is non-zero"));
    }

    [Test]
    public void Both_zero_is_required()
    {
        var ds = DaemonSet();
        ds["spec"]!["updateStrategy"] = Json("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":0}}""");
        Assert.That(Describe(Create("DaemonSet", ds)), Is.EqualTo("spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"));
    }

    [Test]
    public void Missing_selector_matches_no_template_and_empty_one_is_invalid()
    {
        var ds = DaemonSet();
        ds["spec"]!.AsObject().Remove("selector");
        Assert.That(Describe(Create("DaemonSet", ds)), Does.Contain("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"agent\"}: `selector` does not match template `labels`"));
        var empty = DaemonSet();
        empty["spec"]!["selector"] = new JsonObject();
        Assert.That(Describe(Create("DaemonSet", empty)), Does.Contain("empty selector is invalid for daemonset"));
    }

    [Test]
    public void Selector_is_immutable()
    {
        var causes = Update("DaemonSet", DaemonSet(), ds =>
        {
            ds["spec"]!["selector"] = Json("""{"matchLabels":{"app":"agent","tier":"x"}}""");
            ds["spec"]!["template"]!["metadata"]!["labels"]!["tier"] = "x";
        });
        Assert.That(Describe(causes), Does.StartWith("spec.selector: Invalid value: v1.LabelSelector{").And.EndWith("field is immutable"));
    }

    [Test]
    public void A_template_change_bumps_generation_and_template_generation()
    {
        var strategy = Strategy("DaemonSet");
        var stored = DaemonSet();
        strategy.Default(stored);
        var updated = stored.DeepClone().AsObject();
        updated["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "chaoslab/pause";
        strategy.PrepareForUpdate(updated, stored);
        var minReadyOnly = stored.DeepClone().AsObject();
        minReadyOnly["spec"]!["minReadySeconds"] = 5;
        strategy.PrepareForUpdate(minReadyOnly, stored);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((long?)updated["metadata"]!["generation"], Is.EqualTo(2));
            Assert.That((string?)updated["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"], Is.EqualTo("2"));
            Assert.That((long?)minReadyOnly["metadata"]!["generation"], Is.EqualTo(2));
            Assert.That((string?)minReadyOnly["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"], Is.EqualTo("1"));
        }
    }
}
