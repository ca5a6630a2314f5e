using System.Text;
using ChaosLab.Lab;
using CliWrap;
using CliWrap.Buffered;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// The real kubectl's logs and exec against the HA lab: the API server proxies pods/log and pods/exec to the pod's
/// kubelet (HTTPS on 10250), exec over WebSocket v5.channel.k8s.io.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class KubectlLogsExecTests
{
    private const string Ns = "streams";
    private Kubernetes _client = null!;
    private string _kubeconfig = "";
    private string _cacheDir = "";
    private V1Pod _echo = null!;

    [OneTimeSetUp]
    public async Task StartEchoPod()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _kubeconfig = LabPaths.For(lab.Name).Kubeconfig;
        _cacheDir = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        await Ok("create", "namespace", Ns);
        await Ok("run", "echo", "--image=chaoslab/echo", "--env=LOG_REQUESTS=1", "-n", Ns);
        await Eventually.UntilAsync("the echo pod running", TimeSpan.FromSeconds(60), async () =>
        {
            _echo = await _client.CoreV1.ReadNamespacedPodAsync("echo", Ns);
            var running = _echo.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null;
            return (running, _echo.Status?.Phase ?? "no status");
        });
    }

    [OneTimeTearDown]
    public void Dispose()
    {
        _client?.Dispose();
        if (_cacheDir.Length > 0)
        {
            Directory.Delete(_cacheDir, recursive: true);
        }
    }

    [Test, Order(1)]
    public async Task Logs_show_the_startup_line()
    {
        var lines = "";
        await Eventually.UntilAsync("the startup line in kubectl logs", TimeSpan.FromSeconds(15), async () =>
        {
            lines = await Ok("logs", "echo", "-n", Ns);
            return (lines.Contains("chaoslab/echo: pod echo listening on http://0.0.0.0:8080", StringComparison.Ordinal), lines);
        });
        Assert.That(await Ok("logs", "echo", "-n", Ns, "--tail=1"), Does.StartWith("chaoslab/echo: pod echo listening"));
    }

    [Test, Order(2)]
    public async Task Logs_follow_streams_a_line_written_after_the_call_started()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new StringBuilder();
        var started = new TaskCompletionSource();
        var followed = new TaskCompletionSource();
        var follow = Cli.Wrap("kubectl").WithArguments(["--kubeconfig", _kubeconfig, "--cache-dir", _cacheDir, "logs", "-f", "echo", "-n", Ns])
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
                if (line.Contains("listening on", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
                if (line.Contains("GET /followed-request", StringComparison.Ordinal))
                {
                    followed.TrySetResult();
                }
            }))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cts.Token);
        try
        {
            Assert.That(await Task.WhenAny(started.Task, Task.Delay(TimeSpan.FromSeconds(20), cts.Token)), Is.SameAs(started.Task),
                $"kubectl logs -f did not print the startup line; it printed:\n{output}");
            // From inside the lab: curl in the pod's own network namespace on its node.
            var request = await HaCluster.ExecInPodAsync(_echo, "curl", "-s", "--max-time", "5", "http://127.0.0.1:8080/followed-request");
            Assert.That(request.ExitCode, Is.Zero, request.Stderr);
            Assert.That(await Task.WhenAny(followed.Task, Task.Delay(TimeSpan.FromSeconds(15), cts.Token)), Is.SameAs(followed.Task),
                $"kubectl logs -f did not stream the request's line; it printed:\n{output}");
            Assert.That(follow.Task.IsCompleted, Is.False, "kubectl logs -f ended while the container runs");
        }
        finally
        {
            await cts.CancelAsync();
            try
            {
                await follow;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [Test, Order(3)]
    public async Task Exec_passes_stdout_stderr_and_the_exit_code()
    {
        var result = await Kubectl("exec", "echo", "-n", Ns, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(result.StandardOutput, Is.EqualTo("out\n"));
            Assert.That(result.StandardError, Does.StartWith("err\n").And.Contain("command terminated with exit code 3"));
        });
        var ok = await Kubectl("exec", "echo", "-n", Ns, "--", "printenv", "POD_NAME");
        Assert.That((ok.ExitCode, ok.StandardOutput), Is.EqualTo((0, "echo\n")));
    }

    [Test, Order(4)]
    public async Task Exec_with_stdin_reads_until_the_client_closes_it()
    {
        var result = await Cli.Wrap("kubectl").WithArguments(["--kubeconfig", _kubeconfig, "--cache-dir", _cacheDir, "exec", "-i", "echo", "-n", Ns, "--", "wc", "-l"])
            .WithStandardInputPipe(PipeSource.FromString("one\ntwo\nthree\n"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That((result.ExitCode, result.StandardOutput.Trim()), Is.EqualTo((0, "3")), result.StandardError);
    }

    [Test, Order(5)]
    public async Task Exec_with_a_tty_gets_the_clients_terminal_size_and_exit_code()
    {
        // kubectl only asks for a tty when its stdin is a terminal: util-linux script gives it one, 30 rows by 100 columns.
        // The runtime applies the first resize only after it has started the process (containerd does so upstream too),
        // so the command waits up to 5 s for the size to arrive rather than reading it once.
        const string ReadSize = "for i in $(seq 50); do s=$(stty size); [ \"$s\" != \"0 0\" ] && break; sleep 0.1; done; echo $s; tty; exit 5";
        var kubectl = $"stty rows 30 cols 100; kubectl --kubeconfig {_kubeconfig} --cache-dir {_cacheDir} exec -it echo -n {Ns} -- sh -c '{ReadSize}'";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await Cli.Wrap("script").WithArguments(["--quiet", "--return", "--command", kubectl, "/dev/null"])
            .WithStandardInputPipe(PipeSource.Create(async (_, ct) => await Task.Delay(TimeSpan.FromSeconds(30), ct)))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cts.Token);
        await TestContext.Progress.WriteLineAsync($"$ kubectl exec -it ... → {result.ExitCode}\n{result.StandardOutput}");

        Assert.That(result.ExitCode, Is.EqualTo(5), result.StandardOutput);
        Assert.That(result.StandardOutput, Does.Contain("30 100").And.Contain("/dev/pts/"));
    }

    [Test, Order(6)]
    public async Task An_unknown_container_is_a_400_with_upstreams_message()
    {
        const string Message = "container nope is not valid for pod echo";
        // kubectl logs checks the name itself; the API server answers the same for any client.
        var logs = await Kubectl("logs", "echo", "-c", "nope", "-n", Ns);
        Assert.That((logs.ExitCode, logs.StandardError), Is.EqualTo((1, $"error: {Message}\n")));
        var raw = await Kubectl("get", "--raw", $"/api/v1/namespaces/{Ns}/pods/echo/log?container=nope");
        Assert.That(raw.StandardError, Does.Contain($"Error from server (BadRequest): {Message}"));
        var exec = await Kubectl("exec", "echo", "-c", "nope", "-n", Ns, "--", "true");
        Assert.That((exec.ExitCode, exec.StandardError), Is.EqualTo((1, $"Error from server (BadRequest): {Message}\n")));
    }

    [Test, Order(7)]
    public async Task A_pod_with_two_containers_needs_a_name_and_a_missing_pod_is_a_404()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "two" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Image = "chaoslab/pause" }, new V1Container { Name = "b", Image = "chaoslab/pause" }] },
        }, Ns);
        var raw = await Kubectl("get", "--raw", $"/api/v1/namespaces/{Ns}/pods/two/log");
        Assert.That(raw.StandardError, Does.Contain("Error from server (BadRequest): a container name must be specified for pod two, choose one of: [a b]"));
        var missing = await Kubectl("get", "--raw", $"/api/v1/namespaces/{Ns}/pods/nope/log");
        Assert.That(missing.StandardError, Does.Contain("Error from server (NotFound): pods \"nope\" not found"));
    }

    private async Task<BufferedCommandResult> Kubectl(params string[] args)
    {
        var result = await Cli.Wrap("kubectl").WithArguments(["--kubeconfig", _kubeconfig, "--cache-dir", _cacheDir, "--request-timeout=30s", .. args])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        await TestContext.Progress.WriteLineAsync($"$ kubectl {string.Join(' ', args)} → {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    private async Task<string> Ok(params string[] args)
    {
        var result = await Kubectl(args);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl {string.Join(' ', args)} failed:\n{result.StandardError}");
        return result.StandardOutput;
    }
}
