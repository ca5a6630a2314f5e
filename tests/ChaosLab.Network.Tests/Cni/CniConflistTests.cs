using System.Net;
using System.Text.Json;
using ChaosLab.Network.Cni;

namespace ChaosLab.Network.Tests.Cni;

[Category("Unit")]
public sealed class CniConflistTests
{
    private static readonly NetworkConfig Config = new(IPNetwork.Parse("10.244.3.0/24"), IPNetwork.Parse("10.244.0.0/16"), "cl0", 1450, "/var/lib/chaoslab/cni");

    [Test]
    public void The_list_names_network_chaoslab_at_1_0_0_with_one_chaoslab_bridge_plugin()
    {
        using var json = JsonDocument.Parse(CniConflist.ToJson(Config));
        var root = json.RootElement;

        Assert.That(root.GetProperty("cniVersion").GetString(), Is.EqualTo("1.0.0"));
        Assert.That(root.GetProperty("name").GetString(), Is.EqualTo("chaoslab"));
        var plugin = root.GetProperty("plugins").EnumerateArray().Single();
        Assert.That(plugin.GetProperty("type").GetString(), Is.EqualTo("chaoslab-bridge"));
        Assert.That(plugin.GetProperty("bridge").GetString(), Is.EqualTo("cl0"));
        Assert.That(plugin.GetProperty("podCidr").GetString(), Is.EqualTo("10.244.3.0/24"));
        Assert.That(plugin.GetProperty("clusterCidr").GetString(), Is.EqualTo("10.244.0.0/16"));
        Assert.That(plugin.GetProperty("mtu").GetInt32(), Is.EqualTo(1450));
        Assert.That(plugin.GetProperty("dataDir").GetString(), Is.EqualTo("/var/lib/chaoslab/cni"));
    }

    [Test]
    public void The_list_reads_back_as_the_same_config()
    {
        Assert.That(CniConflist.FromJson(CniConflist.ToJson(Config)), Is.EqualTo(Config));
    }

    [Test]
    public async Task The_plugin_entry_is_what_the_plugin_accepts_on_stdin_once_the_runtime_adds_version_and_name()
    {
        using var json = JsonDocument.Parse(CniConflist.ToJson(Config));
        var plugin = json.RootElement.GetProperty("plugins")[0].GetRawText();
        var stdin = """{"cniVersion": "1.0.0", "name": "chaoslab", """ + plugin.TrimStart()[1..];
        var node = new FakeDataplane();

        var outcome = await new CniPlugin(node).RunAsync(
            new Dictionary<string, string> { ["CNI_COMMAND"] = "ADD", ["CNI_CONTAINERID"] = "abc", ["CNI_NETNS"] = "/var/run/netns/pod1", ["CNI_IFNAME"] = "eth0" }, stdin);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Stdout);
        Assert.That(node.LastConfig, Is.EqualTo(Config));
    }

    [Test]
    public async Task Writing_is_atomic_and_skipped_when_the_file_already_holds_the_list()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cni-conflist-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "net.d", "10-chaoslab.conflist");
        try
        {
            var first = await CniConflist.WriteAsync(Config, path);
            var again = await CniConflist.WriteAsync(Config, path);
            var changed = await CniConflist.WriteAsync(new NetworkConfig(IPNetwork.Parse("10.244.4.0/24")), path);

            Assert.That((first, again, changed), Is.EqualTo((true, false, true)));
            Assert.That(CniConflist.FromJson(await File.ReadAllTextAsync(path)).PodCidr, Is.EqualTo(IPNetwork.Parse("10.244.4.0/24")));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }), "a temporary file was left behind");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
