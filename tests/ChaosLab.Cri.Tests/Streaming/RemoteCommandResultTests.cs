using System.Text;
using ChaosLab.Cri.Streaming;

namespace ChaosLab.Cri.Tests.Streaming;

/// <summary>The error stream's content as containerd 1.6 writes it (captured from the integration tests).</summary>
[Category("Unit")]
public sealed class RemoteCommandResultTests
{
    private const string V4 = StreamHeaders.RemoteCommandV4;

    [Test]
    public void Success_is_exit_code_0()
    {
        Assert.That(Read(V4, """{"metadata":{},"status":"Success"}""").ExitCode, Is.Zero);
    }

    [Test]
    public void NonZeroExitCode_gives_the_code_from_the_ExitCode_cause()
    {
        const string Status = """{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 7], exit code 7","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"7"}]}}""";

        var result = Read(V4, Status);

        Assert.That((result.ExitCode, result.Status), Is.EqualTo((7, Status)));
    }

    [Test]
    public void Other_failures_are_errors_with_the_status_message()
    {
        const string Status = """{"metadata":{},"status":"Failure","message":"Internal error occurred: error executing command in container: exec: \"/no/such/program\": no such file or directory","reason":"InternalError","code":500}""";

        var error = Assert.Throws<RemoteCommandException>(() => Read(V4, Status));

        Assert.That(error.Message, Does.StartWith("Internal error occurred: error executing command in container"));
        Assert.That(error.Reason, Is.EqualTo("InternalError"));
    }

    [TestCase("")]
    [TestCase("not json")]
    [TestCase("""{"status":"Failure","reason":"NonZeroExitCode"}""")]
    public void A_missing_or_unreadable_v4_status_is_an_error(string status)
    {
        Assert.Throws<RemoteCommandException>(() => Read(V4, status));
    }

    [Test]
    public void Older_protocols_have_no_status_on_success_and_a_message_on_failure()
    {
        Assert.That(Read(StreamHeaders.RemoteCommandV3, "").ExitCode, Is.Zero);
        Assert.Throws<RemoteCommandException>(() => Read(StreamHeaders.RemoteCommandV2, "command terminated with non-zero exit code"));
    }

    private static RemoteCommandResult Read(string protocol, string status) => RemoteCommandResult.FromErrorStream(protocol, Encoding.UTF8.GetBytes(status));
}
