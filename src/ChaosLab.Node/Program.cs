using ChaosLab.ApiServer;
using ChaosLab.Network;
using ChaosLab.Node.Supervisor;

// chaoslab-node is a multi-call executable (hyperkube style): the first argument names the component.

// Each component's web host reads appsettings from its content root, the node's "/", and by default watches it for
// changes: .NET's watcher then puts an inotify watch on every directory of the node (about 8,000) and wakes on every
// file containerd, the pods and the logs write. Nothing here is configured by appsettings, so nothing is watched.
Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");

var commands = new Dictionary<string, Func<string[], Task<int>>>
{
    ["supervise"] = SupervisorCommand.RunAsync,
    ["apiserver"] = RunApiServerAsync,
    ["echo"] = ChaosLab.Workloads.Echo.EchoServer.RunAsync,
    ["cni"] = CniCommand.RunAsync,
    ["kubelet"] = ChaosLab.Kubelet.KubeletCommand.RunAsync,
    ["scheduler"] = ChaosLab.Scheduler.SchedulerCommand.RunAsync,
    ["controller-manager"] = ChaosLab.ControllerManager.ControllerManagerCommand.RunAsync,
    ["kube-proxy"] = ChaosLab.KubeProxy.KubeProxyCommand.RunAsync,
    ["dns"] = ChaosLab.Dns.DnsCommand.RunAsync,
    ["netdelay"] = ChaosLab.Network.Shaping.NetDelayCommand.RunAsync,
    ["agent"] = ChaosLab.Node.Agent.AgentCommand.RunAsync,
    ["agent-do"] = ChaosLab.Node.Agent.AgentDoCommand.RunAsync,
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var run))
{
    await Console.Error.WriteLineAsync($"usage: chaoslab-node <{string.Join('|', commands.Keys)}> [options]");
    return 2;
}
return await run(args[1..]);

static async Task<int> RunApiServerAsync(string[] args)
{
    ApiServerOptions options;
    try
    {
        options = ApiServerOptions.Parse(args);
    }
    catch (Exception ex) when (ex is ArgumentException or FormatException)
    {
        await Console.Error.WriteLineAsync($"chaoslab-node apiserver: {ex.Message}");
        return 2;
    }
    return await ApiServerHost.RunAsync(options);
}
