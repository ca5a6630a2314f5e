using System.Diagnostics;
using System.Text.Json;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Image;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.TestSupport;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.Lab.Tests.Image;

/// <summary>
/// Builds chaoslab/pause, chaoslab/shell and chaoslab/echo on this machine (or finds them cached) and runs
/// each with `docker run`: pause stops at once on SIGTERM, shell's args replace CMD, echo answers HTTP.
/// Every container and network made here carries the lab labels with this process as owner, so the
/// reaper of another run never takes them while this one runs and takes them if it crashes.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class WorkloadImagesIntegrationTests
{
    private readonly DockerEngine _engine = new();
    private readonly DockerImageEngine _images = new();
    private readonly string _lab = TestLabs.UniqueName("images");
    private readonly string _labId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    [OneTimeSetUp]
    public async Task BuildImages()
    {
        await _engine.EnsureReachableAsync();
        var images = new WorkloadImages(_engine, _images, TestLabs.Progress);
        var watch = Stopwatch.StartNew();
        await images.EnsureAsync();
        await TestContext.Progress.WriteLineAsync($"workload images ready in {watch.Elapsed.TotalSeconds:0.0} s");
        watch.Restart();
        var references = await images.EnsureAsync();
        await TestContext.Progress.WriteLineAsync($"cached check of {string.Join(", ", references)}: {watch.Elapsed.TotalMilliseconds:0} ms");
        foreach (var reference in references)
        {
            var size = await Docker("image", "inspect", "-f", "{{.Size}}", reference);
            await TestContext.Progress.WriteLineAsync($"{reference}: {long.Parse(size.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1e6:0.0} MB");
        }
    }

    [OneTimeTearDown]
    public async Task RemoveWhatTheTestsMade()
    {
        var containers = await Docker("ps", "-aq", "--filter", $"label={LabLabels.Lab}={_lab}");
        foreach (var id in containers.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Docker("rm", "-f", id);
        }
        var networks = await Docker("network", "ls", "-q", "--filter", $"label={LabLabels.Lab}={_lab}");
        foreach (var id in networks.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Docker("network", "rm", id);
        }
        _images.Dispose();
        _engine.Dispose();
    }

    [Test]
    public async Task Images_are_labelled_with_their_recipe_and_latest_is_the_recipe_tag()
    {
        foreach (var (repository, name) in new[] { (WorkloadImages.Pause, "pause"), (WorkloadImages.Shell, "shell"), (WorkloadImages.Echo, "echo") })
        {
            var labels = await Docker("image", "inspect", "-f", $"{{{{index .Config.Labels \"{LabLabels.Image}\"}}}} {{{{index .Config.Labels \"{LabLabels.Recipe}\"}}}}", $"{repository}:latest");
            var parts = labels.StandardOutput.Trim().Split(' ');
            Assert.That(parts[0], Is.EqualTo(name));
            Assert.That(await _images.ImageIdAsync($"{repository}:{RecipeHash.TagOf(parts[1])}"), Is.EqualTo(await _images.ImageIdAsync($"{repository}:latest")));
        }
    }

    [Test]
    public async Task Pause_exits_0_within_2_seconds_of_docker_stop()
    {
        var name = $"{_lab}-pause";
        var run = CliWrap.Cli.Wrap("docker").WithArguments(["run", "--rm", "--network", "none", "--name", name, .. Labels(), "chaoslab/pause"])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        await UntilRunningAsync(name);
        // The script must be waiting (trap set) before the signal: a moment after the start it is.
        await Task.Delay(300);
        var watch = Stopwatch.StartNew();
        await Docker("stop", "-t", "10", name);
        var result = await run;
        await TestContext.Progress.WriteLineAsync($"pause stopped in {watch.Elapsed.TotalMilliseconds:0} ms");

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task Pause_holds_one_file_of_busybox_and_its_script()
    {
        var size = await Docker("image", "inspect", "-f", "{{.Size}}", "chaoslab/pause");
        Assert.That(long.Parse(size.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(3_000_000));
    }

    [Test]
    public async Task Shell_has_curl_nc_ps_ip_and_sh_as_cmd_without_entrypoint()
    {
        var config = await Docker("image", "inspect", "-f", "{{json .Config.Entrypoint}} {{json .Config.Cmd}}", "chaoslab/shell");
        Assert.That(config.StandardOutput.Trim(), Is.EqualTo("null [\"/bin/sh\"]"));

        var result = await Run(["--network", "none"], "chaoslab/shell", "sh", "-c",
            "curl --version | head -n1 && nc -h 2>&1 | head -n1 && ip -br link show lo && ps -o pid,comm");

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardOutput, Does.StartWith("curl ").And.Contain("OpenBSD netcat").And.Contain("lo ").And.Contain("    1 sh"));
    }

    [Test]
    public async Task Shell_args_replace_cmd_and_the_first_output_line_is_kept()
    {
        var echo = await Run(["--network", "none"], "chaoslab/shell", "echo", "hi");
        var noArgs = await Run(["--network", "none"], "chaoslab/shell");
        var exitCode = await Run(["--network", "none"], "chaoslab/shell", "sh", "-c", "exit 3");

        Assert.Multiple(() =>
        {
            Assert.That((echo.ExitCode, echo.StandardOutput.Split('\n')[0]), Is.EqualTo((0, "hi")));
            Assert.That((noArgs.ExitCode, noArgs.StandardOutput), Is.EqualTo((0, "")), "sh with no input exits 0");
            Assert.That(exitCode.ExitCode, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Echo_answers_with_the_pod_env_on_its_port_from_another_container_and_flips_ready()
    {
        var network = $"{_lab}-net";
        await Docker(["network", "create", "--internal", .. Labels(), network]);
        var name = $"{_lab}-echo";
        var started = Stopwatch.StartNew();
        var server = CliWrap.Cli.Wrap("docker").WithArguments(
            [
                "run", "--rm", "--network", network, "--name", name, .. Labels(),
                "-e", "POD_NAME=web-1", "-e", "POD_NAMESPACE=shop", "-e", "NODE_NAME=worker-9", "-e", "POD_IP=10.244.1.7", "-e", "PORT=9090",
                "chaoslab/echo",
            ]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        await UntilRunningAsync(name);

        // Retried until the server listens: a client's first try may come before it does.
        const string Client = "for i in $(seq 100); do out=$(curl -s --max-time 2 \"$0\") && { echo \"$out\"; exit 0; }; sleep 0.1; done; exit 1";
        var first = await Run(["--network", network], "chaoslab/shell", "sh", "-c", Client, $"http://{name}:9090/hello?x=1");
        await TestContext.Progress.WriteLineAsync($"echo answered {started.Elapsed.TotalSeconds:0.0} s after docker run: {first.StandardOutput.Trim()}");
        Assert.That(first.ExitCode, Is.Zero, first.StandardError);
        using (var reply = JsonDocument.Parse(first.StandardOutput))
        {
            var root = reply.RootElement;
            Assert.Multiple(() =>
            {
                Assert.That(root.GetProperty("pod").GetString(), Is.EqualTo("web-1"));
                Assert.That(root.GetProperty("namespace").GetString(), Is.EqualTo("shop"));
                Assert.That(root.GetProperty("node").GetString(), Is.EqualTo("worker-9"));
                Assert.That(root.GetProperty("podIP").GetString(), Is.EqualTo("10.244.1.7"));
                Assert.That(root.GetProperty("path").GetString(), Is.EqualTo("/hello"));
                Assert.That(root.GetProperty("client").GetString(), Does.Match(@"^\d+\.\d+\.\d+\.\d+:\d+$"));
            });
        }

        const string Status = "curl -s -o /dev/null -w '%{http_code} ' \"$0/healthz\"; curl -s -o /dev/null -w '%{http_code}' \"$0/ready\"";
        var ready = await Run(["--network", network], "chaoslab/shell", "sh", "-c", Status, $"http://{name}:9090");
        await Docker("exec", name, "touch", "/tmp/unready");
        var unready = await Run(["--network", network], "chaoslab/shell", "sh", "-c", Status, $"http://{name}:9090");
        Assert.That((ready.StandardOutput, unready.StandardOutput), Is.EqualTo(("200 200", "200 503")));

        var stopping = Stopwatch.StartNew();
        await Docker("stop", "-t", "10", name);
        var stopped = await server;
        Assert.Multiple(() =>
        {
            Assert.That(stopped.ExitCode, Is.Zero, stopped.StandardError);
            Assert.That(stopping.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
            Assert.That(stopped.StandardOutput, Does.Contain("chaoslab/echo: pod web-1 listening on http://0.0.0.0:9090").And.Contain("chaoslab/echo: stopped"));
        });
    }

    private string[] Labels() =>
    [
        "--label", $"{LabLabels.Lab}={_lab}",
        "--label", $"{LabLabels.LabId}={_labId}",
        "--label", $"{LabLabels.Owner}={ProcessIdentity.Current}",
    ];

    private Task<BufferedCommandResult> Run(string[] options, string image, params string[] args) =>
        Docker(["run", "--rm", .. options, .. Labels(), image, .. args]);

    private static Task<BufferedCommandResult> Docker(params string[] args) =>
        CliWrap.Cli.Wrap("docker").WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    private static Task UntilRunningAsync(string container) =>
        Waiter.UntilAsync($"container {container} running", TimeSpan.FromSeconds(30), async ct =>
        {
            var state = await Docker("inspect", "-f", "{{.State.Running}}", container);
            return (state.StandardOutput.Trim() == "true", state.StandardOutput.Trim() + state.StandardError.Trim());
        }, TimeSpan.FromMilliseconds(50));
}
