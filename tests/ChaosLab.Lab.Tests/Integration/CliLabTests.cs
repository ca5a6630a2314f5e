using System.Text.Json;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Tests.Support;
using ChaosLab.TestSupport;

namespace ChaosLab.Lab.Tests.Integration;

/// <summary>The `chaoslab` command as a person uses it: up an HA lab, status, kubeconfig, logs, down.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class CliLabTests
{
    private readonly DockerEngine _engine = new();

    [OneTimeTearDown]
    public void Dispose() => _engine.Dispose();

    [TestCase("ha", 3, 7)]
    [TestCase("ha-external-etcd", 5, 12)]
    public async Task Up_status_down_leaves_nothing_behind(string topology, int etcdMembers, int nodes)
    {
        var name = TestLabs.UniqueName(topology == "ha" ? "ha" : "ext");
        try
        {
            var up = await ChaosLabCli.RunAsync("up", "-t", TestPaths.Topology(topology), "--name", name);
            Assert.That(up.ExitCode, Is.Zero, up.StandardOutput + up.StandardError);
            Assert.That(up.StandardOutput, Does.Contain($"Lab '{name}' is up"));

            // A freshly started 12-node lab keeps 2 cores busy for a while; status may take a few rounds to see it all answer.
            var status = await ChaosLabCli.RunAsync("status", "--name", name, "--json");
            for (var attempt = 0; attempt < 10 && status.ExitCode != 0; attempt++)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                status = await ChaosLabCli.RunAsync("status", "--name", name, "--json");
            }
            Assert.That(status.ExitCode, Is.Zero, "status exit code says unhealthy: " + status.StandardOutput);
            using var json = JsonDocument.Parse(status.StandardOutput);
            var etcd = json.RootElement.GetProperty("etcd").EnumerateArray().ToList();
            Assert.That(etcd, Has.Count.EqualTo(etcdMembers));
            Assert.That(etcd.All(m => m.GetProperty("healthy").GetBoolean()), Is.True, status.StandardOutput);
            Assert.That(etcd.Count(m => m.GetProperty("isLeader").GetBoolean()), Is.EqualTo(1));
            Assert.That(json.RootElement.GetProperty("nodes").GetArrayLength(), Is.EqualTo(nodes));

            var table = await ChaosLabCli.RunAsync("status", "--name", name);
            Assert.That(table.StandardOutput, Does.Contain("cp-3").And.Contain("lb").And.Contain("haproxy").And.Contain("leader"));

            var kubeconfig = await ChaosLabCli.RunAsync("kubeconfig", "--name", name);
            var path = kubeconfig.StandardOutput.Trim();
            Assert.That(File.ReadAllText(path), Does.Contain("server: https://").And.Contain("client-certificate-data"));

            var haproxyLog = await ChaosLabCli.RunAsync("logs", "lb", "haproxy", "--name", name);
            Assert.That(haproxyLog.ExitCode, Is.Zero);
            var lbStats = await _engine.ExecAsync(LabLabels.ContainerName(name, "lb"), ["curl", "-s", "http://127.0.0.1:8404/stats;csv"]);
            Assert.That(lbStats.Stdout, Does.Contain("apiservers,cp-1").And.Contain("apiservers,cp-2").And.Contain("apiservers,cp-3"));
        }
        finally
        {
            var down = await ChaosLabCli.RunAsync("down", "--name", name);
            Assert.That(down.ExitCode, Is.Zero, down.StandardError);
        }
        Assert.That(await TestLabs.LeftoversAsync(_engine, name), Is.Empty);
    }

    [Test]
    public async Task An_invalid_topology_is_rejected_with_file_and_line_and_nothing_starts()
    {
        var file = Path.Combine(Path.GetTempPath(), $"chaoslab-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, """
            name: bad
            nodes:
              control-plane: 2
              worker: 1
            """);
        var name = TestLabs.UniqueName("bad");
        try
        {
            var up = await ChaosLabCli.RunAsync("up", "-t", file, "--name", name);

            Assert.That(up.ExitCode, Is.EqualTo(2));
            Assert.That(up.StandardError, Does.Contain($"{file}:3:").And.Contain("lb"));
            Assert.That(await TestLabs.LeftoversAsync(_engine, name), Is.Empty);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase("status", 3)]
    [TestCase("kubeconfig", 3)]
    [TestCase("down", 3)]
    public async Task Commands_on_a_lab_that_does_not_exist_exit_3(string command, int exitCode)
    {
        var result = await ChaosLabCli.RunAsync(command, "--name", "it-nosuchlab");
        Assert.That(result.ExitCode, Is.EqualTo(exitCode));
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("no lab named 'it-nosuchlab'"));
    }

    [TestCase("up", "--name", "Bad_Name")]
    [TestCase("up", "--bogus-flag")]
    [TestCase("up", "-t", "/nonexistent/topology.yaml")]
    public async Task Bad_input_exits_2_with_a_message(params string[] args)
    {
        var result = await ChaosLabCli.RunAsync(args);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardOutput + result.StandardError);
        Assert.That((result.StandardOutput + result.StandardError).Trim(), Is.Not.Empty);
    }
}
