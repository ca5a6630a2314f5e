using System.Text.Json.Nodes;
using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class ExecStatusTests
{
    [Test]
    public void Exit_code_zero_is_success()
    {
        var status = ExecStatus.ForExit(0, ["true"]);

        Assert.That(status.ToJsonString(), Is.EqualTo("""{"metadata":{},"status":"Success"}"""));
    }

    [Test]
    public void A_non_zero_exit_is_NonZeroExitCode_with_the_code_as_the_ExitCode_cause()
    {
        var status = ExecStatus.ForExit(3, ["sh", "-c", "exit 3"]);

        Assert.That((string?)status["status"], Is.EqualTo("Failure"));
        Assert.That((string?)status["reason"], Is.EqualTo("NonZeroExitCode"));
        // kubectl parses the cause's message as the exit code (strconv.ParseUint, 8 bits) and exits with it.
        var cause = status["details"]!["causes"]!.AsArray().Single()!;
        Assert.That(((string?)cause["reason"], (string?)cause["message"]), Is.EqualTo(("ExitCode", "3")));
        Assert.That((string?)status["message"], Is.EqualTo("command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3"));
    }

    [Test]
    public void An_internal_error_is_a_500_Status_kubectl_prints()
    {
        var status = ExecStatus.InternalError("boom");

        Assert.That(JsonNode.DeepEquals(status, JsonNode.Parse(
            """{"metadata":{},"status":"Failure","message":"Internal error occurred: boom","reason":"InternalError","details":{"causes":[{"message":"boom"}]},"code":500}""")), Is.True,
            status.ToJsonString());
    }
}
