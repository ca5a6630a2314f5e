using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class DeploymentStrategyTests
{
    [Test]
    public void Minimal_deployment_gets_upstream_defaults()
    {
        var deployment = Deployment();
        Strategy("Deployment").Default(deployment);
        var spec = deployment["spec"]!;
        var template = spec["template"]!["spec"]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That((int?)spec["replicas"], Is.EqualTo(1));
            Assert.That(spec["replicas"]!.GetValue<long>(), Is.EqualTo(1), "defaults read like parsed numbers");
            Assert.That(spec["strategy"]!.ToJsonString(), Is.EqualTo("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}"""));
            Assert.That((int?)spec["revisionHistoryLimit"], Is.EqualTo(10));
            Assert.That((int?)spec["progressDeadlineSeconds"], Is.EqualTo(600));
            Assert.That((string?)template["restartPolicy"], Is.EqualTo("Always"));
            Assert.That((string?)template["containers"]![0]!["imagePullPolicy"], Is.EqualTo("Always"));
            Assert.That(template["enableServiceLinks"], Is.Null, "pod-only default");
            Assert.That(template["serviceAccountName"], Is.Null, "admission default applies to pods only");
            Assert.That((long?)deployment["metadata"]!["generation"], Is.EqualTo(1));
        }
    }

    [Test]
    public void Recreate_strategy_gets_no_rolling_update_parameters()
    {
        var deployment = Deployment();
        deployment["spec"]!["strategy"] = new JsonObject { ["type"] = "Recreate" };
        Strategy("Deployment").Default(deployment);

        Assert.That(deployment["spec"]!["strategy"]!.ToJsonString(), Is.EqualTo("""{"type":"Recreate"}"""));
    }

    [Test]
    public void Minimal_deployment_is_valid() => Assert.That(Describe(Create("Deployment", Deployment())), Is.Empty);

    [Test]
    public void Negative_replicas_are_invalid()
    {
        var deployment = Deployment();
        deployment["spec"]!["replicas"] = -1;

        Assert.That(Describe(Create("Deployment", deployment)), Is.EqualTo("spec.replicas: Invalid value: -1: must be greater than or equal to 0"));
    }

    [Test]
    public void Missing_selector_is_required_and_matches_no_template()
    {
        var deployment = Deployment();
        deployment["spec"]!.AsObject().Remove("selector");

        Assert.That(Describe(Create("Deployment", deployment)), Is.EqualTo(
            "spec.selector: Required value\n" +
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"));
    }

    [Test]
    public void Empty_selector_is_invalid()
    {
        var deployment = Deployment();
        deployment["spec"]!["selector"] = new JsonObject();

        Assert.That(Describe(Create("Deployment", deployment)), Is.EqualTo(
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"));
    }

    [Test]
    public void Template_labels_that_do_not_match_the_selector_are_rejected()
    {
        var deployment = Deployment();
        deployment["spec"]!["template"]!["metadata"]!["labels"] = new JsonObject { ["tier"] = "web", ["app"] = "other" };

        Assert.That(Describe(Create("Deployment", deployment)), Is.EqualTo(
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\", \"tier\":\"web\"}: `selector` does not match template `labels`"));
    }

    [Test]
    public void Match_expressions_select_template_labels()
    {
        var deployment = Deployment();
        deployment["spec"]!["selector"] = Json("""{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]},{"key":"canary","operator":"DoesNotExist"}]}""");

        Assert.That(Describe(Create("Deployment", deployment)), Is.Empty);
    }

    [Test]
    public void Selector_operator_In_without_values_is_required()
    {
        var deployment = Deployment();
        deployment["spec"]!["selector"] = Json("""{"matchExpressions":[{"key":"app","operator":"In"}]}""");

        Assert.That(Describe(Create("Deployment", deployment)), Does.StartWith(
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"));
    }

    [Test]
    public void Template_containers_are_validated_like_pods()
    {
        var deployment = Deployment();
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject().Remove("image");

        Assert.That(Describe(Create("Deployment", deployment)), Is.EqualTo("spec.template.spec.containers[0].image: Required value"));
    }

    [Test]
    public void Template_restart_policy_must_be_Always()
    {
        var deployment = Deployment();
        deployment["spec"]!["template"]!["spec"]!["restartPolicy"] = "Never";

        Assert.That(Describe(Create("Deployment", deployment)), Is.EqualTo("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""));
    }

    [Test]
    public void MaxSurge_and_maxUnavailable_may_not_both_be_zero()
    {
        var deployment = Deployment();
        deployment["spec"]!["strategy"] = Json("""{"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":"0%"}}""");

        Assert.That(Describe(Create("Deployment", deployment)), Is.EqualTo(
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0"));
    }

    [Test]
    public void Malformed_percent_is_invalid()
    {
        var deployment = Deployment();
        deployment["spec"]!["strategy"] = Json("""{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25","maxUnavailable":1}}""");

        Assert.That(Describe(Create("Deployment", deployment)), Does.StartWith(
            "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"25\"}: a valid percent string must be a numeric string followed by an ending '%'"));
    }

    [Test]
    public void Selector_is_immutable_on_update()
    {
        var causes = Update("Deployment", Deployment(), d =>
        {
            d["spec"]!["selector"]!["matchLabels"]!["tier"] = "front";
            d["spec"]!["template"]!["metadata"]!["labels"]!["tier"] = "front";
        });

        Assert.That(Describe(causes), Is.EqualTo(
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"front\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"));
    }

    [Test]
    public void Spec_change_bumps_generation_but_a_label_change_does_not()
    {
        var strategy = Strategy("Deployment");
        var stored = Deployment();
        strategy.Default(stored);

        var scaled = stored.DeepClone().AsObject();
        scaled["spec"]!["replicas"] = 3;
        strategy.PrepareForUpdate(scaled, stored);
        var relabeled = stored.DeepClone().AsObject();
        relabeled["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };
        strategy.PrepareForUpdate(relabeled, stored);

        Assert.That((long?)scaled["metadata"]!["generation"], Is.EqualTo(2));
        Assert.That((long?)relabeled["metadata"]!["generation"], Is.EqualTo(1));
    }

    [Test]
    public void Replacing_with_the_same_undefaulted_manifest_does_not_bump_generation()
    {
        var strategy = Strategy("Deployment");
        var stored = Deployment();
        strategy.Default(stored);
        var replaced = Deployment();

        strategy.PrepareForUpdate(replaced, stored);

        Assert.That((long?)replaced["metadata"]!["generation"], Is.EqualTo(1));
    }

    [Test]
    public void Status_update_keeps_stored_spec_and_labels()
    {
        var strategy = Strategy("Deployment");
        var stored = Deployment();
        strategy.Default(stored);
        var update = stored.DeepClone().AsObject();
        update["spec"]!["replicas"] = 9;
        update["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };
        update["status"] = new JsonObject { ["replicas"] = 1 };

        strategy.PrepareForStatusUpdate(update, stored);

        Assert.That((int?)update["spec"]!["replicas"], Is.EqualTo(1));
        Assert.That(update["metadata"]!["labels"], Is.Null);
        Assert.That((int?)update["status"]!["replicas"], Is.EqualTo(1));
    }

    [Test]
    public void ReplicaSet_defaults_replicas_and_shares_the_selector_rules()
    {
        var rs = Deployment();
        rs["kind"] = "ReplicaSet";
        rs["spec"]!["template"]!["metadata"]!["labels"] = new JsonObject { ["app"] = "other" };
        var causes = Create("ReplicaSet", rs);

        Assert.That((int?)rs["spec"]!["replicas"], Is.EqualTo(1));
        Assert.That(Describe(causes), Does.EndWith("`selector` does not match template `labels`"));
    }
}
