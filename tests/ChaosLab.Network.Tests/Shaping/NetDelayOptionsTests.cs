using ChaosLab.Network.Shaping;

namespace ChaosLab.Network.Tests.Shaping;

[Category("Unit")]
public sealed class NetDelayOptionsTests
{
    [Test]
    public void Flags_take_go_durations_and_default_to_no_effect()
    {
        Assert.That(NetDelayOptions.Parse(["--queue", "7", "--delay", "100ms", "--jitter=1.5ms", "--loss", "0.3", "--seed", "-4"]),
            Is.EqualTo(new NetDelayOptions(7, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1.5), 0.3, -4)));
        Assert.That(NetDelayOptions.Parse(["--queue=65535"]), Is.EqualTo(new NetDelayOptions(65535, TimeSpan.Zero, TimeSpan.Zero, 0, null)));
        Assert.That(NetDelayOptions.Parse(["--queue", "0", "--delay", "0m59.5s"]).Delay, Is.EqualTo(TimeSpan.FromMilliseconds(59_500)));
    }

    [Test]
    public void The_ready_line_describes_the_options_in_flag_units()
    {
        var options = NetDelayOptions.Parse(["--queue", "3", "--delay", "1.5s", "--jitter", "250us", "--loss", "0.25"]);

        Assert.That(options.ToString(), Is.EqualTo("queue 3 delay 1500ms jitter 0.25ms loss 0.25"));
    }

    [TestCase(new string[0], "--queue is required")]
    [TestCase(new[] { "--queue", "65536" }, "--queue '65536' is not a queue number")]
    [TestCase(new[] { "--queue", "-1" }, "--queue '-1' is not a queue number")]
    [TestCase(new[] { "--queue" }, "--queue needs a value")]
    [TestCase(new[] { "--queue", "1", "--delay", "100" }, "--delay '100' is not a duration")]
    [TestCase(new[] { "--queue", "1", "--delay", "-5ms" }, "--delay '-5ms' is not a duration")]
    [TestCase(new[] { "--queue", "1", "--delay", "2h" }, "--delay '2h' is not a duration")]
    [TestCase(new[] { "--queue", "1", "--jitter", "ten" }, "--jitter 'ten' is not a duration")]
    [TestCase(new[] { "--queue", "1", "--delay", "50s", "--jitter", "20s" }, "more than 60000ms")]
    [TestCase(new[] { "--queue", "1", "--delay", "99999999999999m" }, "--delay '99999999999999m' is more than")]
    [TestCase(new[] { "--queue", "1", "--loss", "1.5" }, "--loss '1.5' is not a probability")]
    [TestCase(new[] { "--queue", "1", "--loss", "NaN" }, "--loss 'NaN' is not a probability")]
    [TestCase(new[] { "--queue", "1", "--seed", "x" }, "--seed 'x' is not an integer")]
    [TestCase(new[] { "--queue", "1", "--rate", "1mbit" }, "unknown flag --rate")]
    [TestCase(new[] { "queue", "1" }, "unexpected argument 'queue'")]
    public void Bad_flags_are_rejected_naming_the_flag(string[] argv, string reason)
    {
        Assert.That(() => NetDelayOptions.Parse(argv), Throws.ArgumentException.With.Message.Contains(reason));
    }

    [Test]
    public async Task The_command_exits_2_on_a_bad_flag_before_touching_the_kernel()
    {
        Assert.That(await NetDelayCommand.RunAsync(["--queue", "1", "--loss", "2"]), Is.EqualTo(2));
    }
}
