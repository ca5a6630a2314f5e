using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class PodStrategyTests
{
    [Test]
    public void Minimal_pod_gets_upstream_defaults()
    {
        var pod = Pod();
        Strategy("Pod").Default(pod);
        var spec = pod["spec"]!;
        var container = spec["containers"]![0]!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)spec["restartPolicy"], Is.EqualTo("Always"));
            Assert.That((string?)spec["dnsPolicy"], Is.EqualTo("ClusterFirst"));
            Assert.That((int?)spec["terminationGracePeriodSeconds"], Is.EqualTo(30));
            Assert.That((string?)spec["schedulerName"], Is.EqualTo("default-scheduler"));
            Assert.That(spec["securityContext"]!.ToJsonString(), Is.EqualTo("{}"));
            Assert.That((string?)spec["serviceAccountName"], Is.EqualTo("default"));
            Assert.That((string?)spec["serviceAccount"], Is.EqualTo("default"));
            Assert.That((bool?)spec["enableServiceLinks"], Is.True);
            Assert.That((string?)container["imagePullPolicy"], Is.EqualTo("IfNotPresent"));
            Assert.That((string?)container["terminationMessagePath"], Is.EqualTo("/dev/termination-log"));
            Assert.That((string?)container["terminationMessagePolicy"], Is.EqualTo("File"));
            Assert.That((string?)pod["status"]!["phase"], Is.EqualTo("Pending"));
            Assert.That((string?)pod["status"]!["qosClass"], Is.EqualTo("BestEffort"));
        }
    }

    [TestCase("nginx", "Always")]
    [TestCase("nginx:latest", "Always")]
    [TestCase("registry:5000/nginx", "Always")]
    [TestCase("nginx:1.27", "IfNotPresent")]
    [TestCase("nginx@sha256:abcd", "IfNotPresent")]
    public void Pull_policy_defaults_to_Always_only_for_latest_or_untagged_images(string image, string policy)
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["image"] = image;
        Strategy("Pod").Default(pod);

        Assert.That((string?)pod["spec"]!["containers"]![0]!["imagePullPolicy"], Is.EqualTo(policy));
    }

    [Test]
    public void Container_port_protocol_defaults_to_TCP()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80 });
        Strategy("Pod").Default(pod);

        Assert.That((string?)pod["spec"]!["containers"]![0]!["ports"]![0]!["protocol"], Is.EqualTo("TCP"));
    }

    [Test]
    public void Limits_only_pod_is_Guaranteed_and_gets_requests_from_limits()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["resources"] = Json("""{"limits":{"cpu":"500m","memory":"128Mi"}}""");
        Strategy("Pod").Default(pod);

        Assert.That((string?)pod["status"]!["qosClass"], Is.EqualTo("Guaranteed"));
        Assert.That((string?)pod["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"], Is.EqualTo("500m"));
    }

    [Test]
    public void Pod_with_requests_below_limits_is_Burstable()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["resources"] = Json("""{"requests":{"cpu":"0.1"},"limits":{"cpu":"200m","memory":"1Gi"}}""");
        Strategy("Pod").Default(pod);

        Assert.That((string?)pod["status"]!["qosClass"], Is.EqualTo("Burstable"));
    }

    [Test]
    public void Existing_status_is_not_replaced_by_defaults()
    {
        var pod = Pod();
        pod["status"] = new JsonObject { ["phase"] = "Running" };
        Strategy("Pod").Default(pod);

        Assert.That(pod["status"]!.ToJsonString(), Is.EqualTo("""{"phase":"Running"}"""));
    }

    [Test]
    public void Minimal_pod_is_valid() => Assert.That(Describe(Create("Pod", Pod())), Is.Empty);

    [Test]
    public void Pod_without_containers_requires_spec_containers()
    {
        var pod = Pod();
        pod["spec"]!["containers"] = new JsonArray();

        Assert.That(Describe(Create("Pod", pod)), Is.EqualTo("spec.containers: Required value"));
    }

    [Test]
    public void Container_name_must_be_a_DNS_label()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["name"] = "Nginx";

        Assert.That(Describe(Create("Pod", pod)), Does.StartWith("spec.containers[0].name: Invalid value: \"Nginx\": a lowercase RFC 1123 label"));
    }

    [Test]
    public void Duplicate_container_names_are_rejected_on_the_second_container()
    {
        var pod = Pod();
        pod["spec"]!["containers"]!.AsArray().Add(Json("""{"name":"nginx","image":"busybox"}"""));

        Assert.That(Describe(Create("Pod", pod)), Is.EqualTo("spec.containers[1].name: Duplicate value: \"nginx\""));
    }

    [Test]
    public void Container_image_is_required()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!.AsObject().Remove("image");

        Assert.That(Describe(Create("Pod", pod)), Is.EqualTo("spec.containers[0].image: Required value"));
    }

    [Test]
    public void Container_port_out_of_range_is_invalid_without_quotes_around_the_number()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 70000 });

        Assert.That(Describe(Create("Pod", pod)), Is.EqualTo("spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"));
    }

    [Test]
    public void Container_port_name_must_be_an_IANA_service_name()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80, ["name"] = "HTTP" });

        Assert.That(Describe(Create("Pod", pod)), Is.EqualTo(
            "spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)\n" +
            "spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain at least one letter (a-z)"));
    }

    [Test]
    public void Unknown_restart_policy_lists_the_supported_values()
    {
        var pod = Pod();
        pod["spec"]!["restartPolicy"] = "Sometimes";

        Assert.That(Describe(Create("Pod", pod)), Is.EqualTo("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""));
    }

    [Test]
    public void Env_var_name_starting_with_a_digit_is_invalid()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["env"] = new JsonArray(new JsonObject { ["name"] = "1X", ["value"] = "y" });

        Assert.That(Describe(Create("Pod", pod)), Does.StartWith("spec.containers[0].env[0].name: Invalid value: \"1X\": a valid environment variable name"));
    }

    [Test]
    public void Volume_mount_of_an_undeclared_volume_is_not_found()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = "/data" });

        Assert.That(Describe(Create("Pod", pod)), Is.EqualTo("spec.containers[0].volumeMounts[0].name: Not found: \"data\""));
    }

    [Test]
    public void Update_may_change_a_container_image()
    {
        var causes = Update("Pod", Pod(), p => p["spec"]!["containers"]![0]!["image"] = "nginx:1.28");

        Assert.That(Describe(causes), Is.Empty);
    }

    [Test]
    public void Update_may_not_change_other_spec_fields()
    {
        var cause = Update("Pod", Pod(), p => p["spec"]!["restartPolicy"] = "Never").Single();

        Assert.That(cause.Field, Is.EqualTo("spec"));
        Assert.That(cause.Message, Does.StartWith("Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"));
        Assert.That(cause.Message, Does.Contain("restartPolicy"));
    }

    [Test]
    public void Update_may_not_add_containers()
    {
        var causes = Update("Pod", Pod(), p => p["spec"]!["containers"]!.AsArray().Add(Json("""{"name":"side","image":"busybox"}""")));

        Assert.That(Describe(causes), Does.Contain("spec.containers: Forbidden: pod updates may not add or remove containers"));
    }

    [Test]
    public void Update_may_add_tolerations_but_not_remove_them()
    {
        var pod = Pod();
        pod["spec"]!["tolerations"] = new JsonArray(Json("""{"key":"a","operator":"Exists"}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Update("Pod", pod.DeepClone().AsObject(), p => p["spec"]!["tolerations"]!.AsArray().Add(Json("""{"key":"b","operator":"Exists"}"""))), Is.Empty);
            Assert.That(Describe(Update("Pod", pod, p => p["spec"]!["tolerations"] = new JsonArray())),
                Does.Contain("spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"));
        }
    }

    [Test]
    public void Update_may_bind_an_unscheduled_pod_but_not_move_a_bound_one()
    {
        var bound = Pod();
        bound["spec"]!["nodeName"] = "worker-1";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Update("Pod", Pod(), p => p["spec"]!["nodeName"] = "worker-1"), Is.Empty);
            Assert.That(Update("Pod", bound, p => p["spec"]!["nodeName"] = "worker-2").Single().Field, Is.EqualTo("spec"));
        }
    }

    [Test]
    public void Update_may_lower_but_not_raise_activeDeadlineSeconds()
    {
        var pod = Pod();
        pod["spec"]!["activeDeadlineSeconds"] = 100;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Update("Pod", pod.DeepClone().AsObject(), p => p["spec"]!["activeDeadlineSeconds"] = 50), Is.Empty);
            Assert.That(Describe(Update("Pod", pod, p => p["spec"]!["activeDeadlineSeconds"] = 200)),
                Is.EqualTo("spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value"));
        }
    }

    [Test]
    public void Main_update_keeps_the_stored_status_and_status_update_keeps_the_stored_spec()
    {
        var strategy = Strategy("Pod");
        var stored = Pod();
        strategy.Default(stored);
        stored["metadata"]!["uid"] = "u1";

        var main = stored.DeepClone().AsObject();
        main["status"]!["phase"] = "Running";
        strategy.PrepareForUpdate(main, stored);

        var status = stored.DeepClone().AsObject();
        status["status"]!["phase"] = "Running";
        status["spec"]!["containers"]![0]!["image"] = "evil";
        status["metadata"]!.AsObject().Remove("uid");
        strategy.PrepareForStatusUpdate(status, stored);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)main["status"]!["phase"], Is.EqualTo("Pending"));
            Assert.That((string?)status["status"]!["phase"], Is.EqualTo("Running"));
            Assert.That((string?)status["spec"]!["containers"]![0]!["image"], Is.EqualTo("nginx:1.27"));
            Assert.That((string?)status["metadata"]!["uid"], Is.EqualTo("u1"));
        }
    }
}
