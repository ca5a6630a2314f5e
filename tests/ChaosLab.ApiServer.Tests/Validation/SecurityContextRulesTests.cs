using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class SecurityContextRulesTests
{
    [Test]
    public void Ids_in_range_and_a_sensible_context_are_valid()
    {
        var pod = Pod();
        pod["spec"]!["securityContext"] = Json("""{"runAsUser":1000,"runAsGroup":0,"fsGroup":2000,"supplementalGroups":[1,2147483647]}""");
        pod["spec"]!["containers"]![0]!["securityContext"] = Json(
            """{"runAsUser":2147483647,"runAsNonRoot":true,"allowPrivilegeEscalation":false,"capabilities":{"add":["NET_ADMIN"],"drop":["ALL"]},"procMount":"Default"}""");

        Assert.That(Describe(Create("Pod", pod)), Is.Empty);
    }

    [Test]
    public void Negative_or_too_large_ids_are_refused_where_they_are_written()
    {
        var pod = Pod();
        pod["spec"]!["securityContext"] = Json("""{"runAsUser":-5,"fsGroup":2147483648,"supplementalGroups":[3,-1]}""");
        pod["spec"]!["containers"]![0]!["securityContext"] = Json("""{"runAsUser":-1,"runAsGroup":-2}""");

        Assert.That(Describe(Create("Pod", pod)).Split('\n'), Is.EquivalentTo((string[])[
            "spec.securityContext.runAsUser: Invalid value: -5: must be between 0 and 2147483647, inclusive",
            "spec.securityContext.fsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive",
            "spec.securityContext.supplementalGroups[1]: Invalid value: -1: must be between 0 and 2147483647, inclusive",
            "spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive",
            "spec.containers[0].securityContext.runAsGroup: Invalid value: -2: must be between 0 and 2147483647, inclusive",
        ]));
    }

    [Test]
    public void No_privilege_escalation_cannot_go_with_privileged_or_CAP_SYS_ADMIN()
    {
        var pod = Pod();
        pod["spec"]!["initContainers"] = new JsonArray(Json(
            """{"name":"init","image":"busybox","imagePullPolicy":"IfNotPresent","securityContext":{"allowPrivilegeEscalation":false,"privileged":true,"capabilities":{"add":["CAP_SYS_ADMIN"]}}}"""));

        Assert.That(Describe(Create("Pod", pod)).Split('\n'), Is.EquivalentTo((string[])[
            "spec.initContainers[0].securityContext: Invalid value: \"object\": cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            "spec.initContainers[0].securityContext: Invalid value: \"object\": cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
        ]));
    }

    [Test]
    public void ProcMount_is_Default_or_Unmasked()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["securityContext"] = Json("""{"procMount":"Masked"}""");

        Assert.That(Describe(Create("Pod", pod)),
            Is.EqualTo("spec.containers[0].securityContext.procMount: Unsupported value: \"Masked\": supported values: \"Default\", \"Unmasked\""));
    }
}
