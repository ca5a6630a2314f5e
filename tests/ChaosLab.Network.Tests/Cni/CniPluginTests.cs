using System.Text.Json;
using ChaosLab.Network.Cni;
using ChaosLab.Network.Ipam;

namespace ChaosLab.Network.Tests.Cni;

/// <summary>The CNI protocol around a fake node: environment and config errors, VERSION, result shapes per version, CHECK, DEL, loopback.</summary>
[Category("Unit")]
public sealed class CniPluginTests
{
    private const string ContainerId = "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";
    private const string Netns = "/var/run/netns/pod1";

    private FakeDataplane _node = null!;

    [SetUp]
    public void CreateNode() => _node = new FakeDataplane();

    [Test]
    public async Task Version_lists_every_supported_version_and_echoes_the_asked_one()
    {
        var outcome = await RunAsync(new() { ["CNI_COMMAND"] = "VERSION" }, """{"cniVersion": "0.4.0"}""");

        Assert.That(outcome.ExitCode, Is.Zero);
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.That(json.RootElement.GetProperty("cniVersion").GetString(), Is.EqualTo("0.4.0"));
        Assert.That(json.RootElement.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()),
            Is.EqualTo(new[] { "0.3.0", "0.3.1", "0.4.0", "1.0.0" }));
    }

    [Test]
    public async Task Version_without_stdin_answers_in_the_plugins_own_version()
    {
        var outcome = await RunAsync(new() { ["CNI_COMMAND"] = "VERSION" }, "");

        Assert.That(outcome.ExitCode, Is.Zero);
        Assert.That(Json(outcome).GetProperty("cniVersion").GetString(), Is.EqualTo("1.0.0"));
    }

    [TestCase(null, "CNI_COMMAND is missing")]
    [TestCase("FROB", "CNI_COMMAND FROB is unknown")]
    public async Task A_missing_or_unknown_command_is_error_4(string? command, string message)
    {
        var env = Env("ADD");
        env.Remove("CNI_COMMAND");
        if (command is not null)
        {
            env["CNI_COMMAND"] = command;
        }

        var outcome = await RunAsync(env, BridgeConfig());

        AssertError(outcome, 4, message);
    }

    [TestCase("ADD", "CNI_CONTAINERID", "CNI_CONTAINERID")]
    [TestCase("ADD", "CNI_NETNS", "CNI_NETNS")]
    [TestCase("ADD", "CNI_IFNAME", "CNI_IFNAME")]
    [TestCase("CHECK", "CNI_NETNS", "CNI_NETNS")]
    [TestCase("DEL", "CNI_CONTAINERID", "CNI_CONTAINERID")]
    public async Task A_missing_required_variable_is_error_4_naming_it(string command, string variable, string named)
    {
        var env = Env(command);
        env.Remove(variable);

        var outcome = await RunAsync(env, BridgeConfig("1.0.0", prevResult: command == "CHECK" ? AddResultJson() : null));

        AssertError(outcome, 4, named);
        Assert.That(_node.Calls, Is.Empty);
    }

    [TestCase("CNI_CONTAINERID", "-starts-with-a-dash", "CNI_CONTAINERID")]
    [TestCase("CNI_CONTAINERID", "has/slash", "CNI_CONTAINERID")]
    [TestCase("CNI_IFNAME", "an-interface-name-too-long", "CNI_IFNAME")]
    [TestCase("CNI_IFNAME", "eth:0", "CNI_IFNAME")]
    [TestCase("CNI_ARGS", "K8S_POD_NAME", "CNI_ARGS")]
    public async Task An_invalid_variable_is_error_4_naming_it(string variable, string value, string named)
    {
        var env = Env("ADD");
        env[variable] = value;

        var outcome = await RunAsync(env, BridgeConfig());

        AssertError(outcome, 4, named);
    }

    [TestCase("not json", 6)]
    [TestCase("""{"cniVersion": "1.0.0", "name": "chaoslab", "type": "chaoslab-bridge", "mtu": true}""", 6)]
    [TestCase("""{"name": "chaoslab", "type": "chaoslab-bridge", "podCidr": "10.244.1.0/24"}""", 7)]
    [TestCase("""{"cniVersion": "0.2.0", "name": "chaoslab", "type": "chaoslab-bridge", "podCidr": "10.244.1.0/24"}""", 1)]
    [TestCase("""{"cniVersion": "1.1.0", "name": "chaoslab", "type": "chaoslab-bridge", "podCidr": "10.244.1.0/24"}""", 1)]
    [TestCase("""{"cniVersion": "1.0.0", "type": "chaoslab-bridge", "podCidr": "10.244.1.0/24"}""", 7)]
    [TestCase("""{"cniVersion": "1.0.0", "name": "chaoslab", "podCidr": "10.244.1.0/24"}""", 7)]
    [TestCase("""{"cniVersion": "1.0.0", "name": "chaoslab", "type": "flannel", "podCidr": "10.244.1.0/24"}""", 7)]
    [TestCase("""{"cniVersion": "1.0.0", "name": "chaoslab", "type": "chaoslab-bridge"}""", 7)]
    [TestCase("""{"cniVersion": "1.0.0", "name": "chaoslab", "type": "chaoslab-bridge", "podCidr": "10.99.1.0/24"}""", 7)]
    public async Task A_bad_config_gets_the_specs_code(string config, int code)
    {
        var outcome = await RunAsync(Env("ADD"), config);

        AssertError(outcome, code, "");
        Assert.That(_node.Calls, Is.Empty);
    }

    [Test]
    public async Task An_error_names_the_configs_version()
    {
        var env = Env("ADD");
        env.Remove("CNI_IFNAME");

        var outcome = await RunAsync(env, BridgeConfig("0.3.1"));

        Assert.That(Json(outcome).GetProperty("cniVersion").GetString(), Is.EqualTo("0.3.1"));
        Assert.That(outcome.Log, Does.Contain("error 4"));
    }

    [TestCase("GC")]
    [TestCase("STATUS")]
    public async Task Commands_of_spec_1_1_are_error_1(string command)
    {
        var outcome = await RunAsync(new() { ["CNI_COMMAND"] = command, ["CNI_PATH"] = "/opt/cni/bin" }, BridgeConfig());

        AssertError(outcome, 1, command);
    }

    [Test]
    public async Task Add_returns_the_1_0_0_result_bridge_veth_and_pod_interface_in_its_sandbox()
    {
        var outcome = await RunAsync(Env("ADD"), BridgeConfig("1.0.0"));

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Stdout);
        Assert.That(_node.Calls, Is.EqualTo(new[] { $"add {ContainerId} {Netns} eth0" }), "the container id is the attachment's key");
        Assert.That(_node.LastConfig, Is.EqualTo(new NetworkConfig(System.Net.IPNetwork.Parse("10.244.1.0/24"), bridgeName: "cl0")));
        var result = Json(outcome);
        Assert.That(result.GetProperty("cniVersion").GetString(), Is.EqualTo("1.0.0"));
        var interfaces = result.GetProperty("interfaces").EnumerateArray().ToList();
        Assert.That(interfaces.Select(i => i.GetProperty("name").GetString()), Is.EqualTo(new[] { "cl0", VethName.For(ContainerId), "eth0" }));
        Assert.That(interfaces[0].TryGetProperty("sandbox", out _) || interfaces[1].TryGetProperty("sandbox", out _), Is.False, "host interfaces have no sandbox");
        Assert.That(interfaces[2].GetProperty("sandbox").GetString(), Is.EqualTo(Netns));
        Assert.That(interfaces[2].GetProperty("mac").GetString(), Is.EqualTo("0a:58:0a:f4:01:05"));
        Assert.That(interfaces[1].GetProperty("mac").GetString(), Is.EqualTo("ee:ee:ee:00:00:01"));
        var ip = result.GetProperty("ips").EnumerateArray().Single();
        Assert.That(ip.GetProperty("address").GetString(), Is.EqualTo("10.244.1.5/24"));
        Assert.That(ip.GetProperty("gateway").GetString(), Is.EqualTo("10.244.1.1"));
        Assert.That(ip.GetProperty("interface").GetInt32(), Is.EqualTo(2));
        Assert.That(ip.TryGetProperty("version", out _), Is.False, "1.0.0 has no ips[].version");
        var route = result.GetProperty("routes").EnumerateArray().Single();
        Assert.That(route.GetProperty("dst").GetString(), Is.EqualTo("0.0.0.0/0"));
        Assert.That(route.GetProperty("gw").GetString(), Is.EqualTo("10.244.1.1"));
        Assert.That(result.GetProperty("dns").EnumerateObject(), Is.Empty);
    }

    [TestCase("0.3.0")]
    [TestCase("0.3.1")]
    [TestCase("0.4.0")]
    public async Task Add_in_an_older_version_names_the_ip_family(string version)
    {
        var outcome = await RunAsync(Env("ADD"), BridgeConfig(version));

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Stdout);
        var result = Json(outcome);
        Assert.That(result.GetProperty("cniVersion").GetString(), Is.EqualTo(version));
        Assert.That(result.GetProperty("ips")[0].GetProperty("version").GetString(), Is.EqualTo("4"));
        Assert.That(result.GetProperty("ips")[0].GetProperty("interface").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Add_after_another_plugin_appends_to_its_prevResult()
    {
        const string previous = """{"cniVersion": "1.0.0", "interfaces": [{"name": "x0"}], "ips": [{"address": "192.168.9.2/24", "interface": 0}], "dns": {"nameservers": ["10.96.0.10"]}}""";

        var outcome = await RunAsync(Env("ADD"), BridgeConfig("1.0.0", prevResult: previous));

        var result = Json(outcome);
        Assert.That(result.GetProperty("interfaces").EnumerateArray().Select(i => i.GetProperty("name").GetString()),
            Is.EqualTo(new[] { "x0", "cl0", VethName.For(ContainerId), "eth0" }));
        Assert.That(result.GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("interface").GetInt32()), Is.EqualTo(new[] { 0, 3 }));
        Assert.That(result.GetProperty("dns").GetProperty("nameservers")[0].GetString(), Is.EqualTo("10.96.0.10"));
    }

    [Test]
    public async Task Add_into_a_missing_namespace_is_error_3_and_touches_nothing()
    {
        var env = Env("ADD");
        env["CNI_NETNS"] = "/var/run/netns/gone";

        var outcome = await RunAsync(env, BridgeConfig());

        AssertError(outcome, 3, "/var/run/netns/gone");
        Assert.That(_node.Calls, Is.Empty);
    }

    [Test]
    public async Task Check_passes_when_the_node_matches_prevResult_and_prints_nothing()
    {
        var outcome = await RunAsync(Env("CHECK"), BridgeConfig("1.0.0", prevResult: AddResultJson()));

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Stdout);
        Assert.That(outcome.Stdout, Is.Empty);
        Assert.That(_node.Calls, Is.EqualTo(new[] { $"check {ContainerId} {Netns} eth0" }));
    }

    [Test]
    public async Task Check_needs_prevResult()
    {
        var outcome = await RunAsync(Env("CHECK"), BridgeConfig("1.0.0"));

        AssertError(outcome, 7, "prevResult");
    }

    [Test]
    public async Task Check_fails_with_102_when_the_address_differs_from_prevResult()
    {
        var prevResult = AddResultJson().Replace("10.244.1.5/24", "10.244.1.9/24", StringComparison.Ordinal);

        var outcome = await RunAsync(Env("CHECK"), BridgeConfig("1.0.0", prevResult: prevResult));

        AssertError(outcome, 102, "");
        Assert.That(Json(outcome).GetProperty("details").GetString(), Does.Contain("10.244.1.5/24").And.Contain("10.244.1.9/24"));
    }

    [Test]
    public async Task Check_fails_with_102_when_the_node_says_the_attachment_is_broken()
    {
        _node.Failure = new NetworkPluginException("pod x: host veth vethabc does not exist");

        var outcome = await RunAsync(Env("CHECK"), BridgeConfig("1.0.0", prevResult: AddResultJson()));

        AssertError(outcome, 102, "");
        Assert.That(Json(outcome).GetProperty("details").GetString(), Does.Contain("does not exist"));
    }

    [Test]
    public async Task Check_does_not_exist_before_0_4_0()
    {
        var outcome = await RunAsync(Env("CHECK"), BridgeConfig("0.3.1", prevResult: AddResultJson()));

        AssertError(outcome, 1, "CHECK");
        Assert.That(_node.Calls, Is.Empty);
    }

    [Test]
    public async Task Del_needs_no_namespace_and_prints_nothing()
    {
        var env = Env("DEL");
        env.Remove("CNI_NETNS");

        var outcome = await RunAsync(env, BridgeConfig("1.0.0", prevResult: AddResultJson()));

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Stdout);
        Assert.That(outcome.Stdout, Is.Empty);
        Assert.That(_node.Calls, Is.EqualTo(new[] { $"del {ContainerId} - eth0" }));
    }

    [Test]
    public async Task Del_of_a_namespace_that_is_gone_still_releases_the_attachment()
    {
        var env = Env("DEL");
        env["CNI_NETNS"] = "/var/run/netns/gone";

        var outcome = await RunAsync(env, BridgeConfig());

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Stdout);
        Assert.That(_node.Calls, Is.EqualTo(new[] { $"del {ContainerId} /var/run/netns/gone eth0" }));
    }

    [Test]
    public async Task Node_failures_map_to_codes_a_runtime_can_act_on()
    {
        var codes = new List<int>();
        foreach (var failure in new Exception[]
        {
            new IpamExhaustedException("no free address in 10.244.1.0/24"),
            new LockTimeoutException("could not lock /var/lib/chaoslab/cni/cl0/ipam.lock within 30 s"),
            new NetworkPluginException("creating veth: `ip -batch -` exited with 2"),
            new InvalidOperationException("a bug"),
        })
        {
            _node.Failure = failure;
            var outcome = await RunAsync(Env("ADD"), BridgeConfig());
            Assert.That(outcome.ExitCode, Is.Not.Zero);
            codes.Add(Json(outcome).GetProperty("code").GetInt32());
        }

        Assert.That(codes, Is.EqualTo(new[] { 101, 11, 100, 999 }));
    }

    [Test]
    public async Task The_log_line_names_the_pod_from_cni_args()
    {
        var env = Env("ADD");
        env["CNI_ARGS"] = "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;K8S_POD_INFRA_CONTAINER_ID=" + ContainerId;

        var outcome = await RunAsync(env, BridgeConfig());

        Assert.That(outcome.Log, Does.StartWith("chaoslab-bridge ADD default/web-0 (container 3f2a1b0c9d8e, eth0): 10.244.1.5/24"));
    }

    [Test]
    public async Task Loopback_add_brings_lo_up_and_returns_127_0_0_1_in_the_configs_version()
    {
        var env = Env("ADD");
        env["CNI_IFNAME"] = "lo";

        var outcome = await RunAsync(env, """{"cniVersion": "0.3.1", "name": "cni-loopback", "type": "loopback"}""");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Stdout);
        Assert.That(_node.Calls, Is.EqualTo(new[] { $"lo-up {Netns}" }));
        var result = Json(outcome);
        Assert.That(result.GetProperty("cniVersion").GetString(), Is.EqualTo("0.3.1"));
        var lo = result.GetProperty("interfaces").EnumerateArray().Single();
        Assert.That(lo.GetProperty("name").GetString(), Is.EqualTo("lo"));
        Assert.That(lo.GetProperty("sandbox").GetString(), Is.EqualTo(Netns));
        var ip = result.GetProperty("ips").EnumerateArray().Single();
        Assert.That(ip.GetProperty("address").GetString(), Is.EqualTo("127.0.0.1/8"));
        Assert.That(ip.GetProperty("version").GetString(), Is.EqualTo("4"));
        Assert.That(ip.GetProperty("interface").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Loopback_del_succeeds_without_a_namespace_and_check_sees_lo_down()
    {
        var del = Env("DEL");
        del.Remove("CNI_NETNS");
        var loopback = """{"cniVersion": "1.0.0", "name": "cni-loopback", "type": "loopback"}""";

        var deleted = await RunAsync(del, loopback);
        _node.LoopbackUp = false;
        var checkedDown = await RunAsync(Env("CHECK"), loopback);

        Assert.That(deleted.ExitCode, Is.Zero, deleted.Stdout);
        AssertError(checkedDown, 102, "");
    }

    private Task<CniOutcome> RunAsync(Dictionary<string, string> env, string stdin) => new CniPlugin(_node).RunAsync(env, stdin);

    private static Dictionary<string, string> Env(string command) => new()
    {
        ["CNI_COMMAND"] = command,
        ["CNI_CONTAINERID"] = ContainerId,
        ["CNI_NETNS"] = Netns,
        ["CNI_IFNAME"] = "eth0",
        ["CNI_PATH"] = "/opt/chaoslab/bin/cni",
    };

    private static string BridgeConfig(string version = "1.0.0", string? prevResult = null) =>
        $$"""{"cniVersion": "{{version}}", "name": "chaoslab", "type": "chaoslab-bridge", "podCidr": "10.244.1.0/24", "runtimeConfig": {}{{(prevResult is null ? "" : ", \"prevResult\": " + prevResult)}}}""";

    /// <summary>What ADD returned for the fake's pod, as a runtime hands it back.</summary>
    private static string AddResultJson() =>
        $$$"""
        {"cniVersion": "1.0.0",
         "interfaces": [{"name": "cl0", "mac": "ee:ee:ee:00:00:00"}, {"name": "{{{VethName.For(ContainerId)}}}", "mac": "ee:ee:ee:00:00:01"}, {"name": "eth0", "mac": "0a:58:0a:f4:01:05", "sandbox": "{{{Netns}}}"}],
         "ips": [{"address": "10.244.1.5/24", "gateway": "10.244.1.1", "interface": 2}],
         "routes": [{"dst": "0.0.0.0/0", "gw": "10.244.1.1"}], "dns": {}}
        """;

    private static JsonElement Json(CniOutcome outcome)
    {
        using var json = JsonDocument.Parse(outcome.Stdout);
        return json.RootElement.Clone();
    }

    private static void AssertError(CniOutcome outcome, int code, string messageContains)
    {
        Assert.That(outcome.ExitCode, Is.Not.Zero, "an error exits non-zero");
        var error = Json(outcome);
        Assert.Multiple(() =>
        {
            Assert.That(error.GetProperty("code").GetInt32(), Is.EqualTo(code), outcome.Stdout);
            Assert.That(error.GetProperty("msg").GetString() + " " + error.GetProperty("details").GetString(), Does.Contain(messageContains));
            Assert.That(error.GetProperty("cniVersion").GetString(), Is.Not.Empty);
        });
    }
}
