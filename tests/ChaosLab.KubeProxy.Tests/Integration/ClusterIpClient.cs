using System.Globalization;
using ChaosLab.KubeProxy.Tests.Support;

namespace ChaosLab.KubeProxy.Tests.Integration;

/// <summary>Sends HTTP requests to a virtual IP from worker-1 itself (so through the nat OUTPUT chain), one connection each.</summary>
public static class ClusterIpClient
{
    /// <summary>The answer to each request, in order; "FAIL(exit code)" for a request that got none.</summary>
    public static async Task<IReadOnlyList<string>> AskAsync(NodeShell node, string ip, int port, int requests)
    {
        var count = requests.ToString(CultureInfo.InvariantCulture);
        var url = $"http://{ip}:{port.ToString(CultureInfo.InvariantCulture)}/";
        var output = await node.RunAsync($"{count} requests to {url}",
            $"i=0; while [ $i -lt {count} ]; do i=$((i+1)); curl -s --max-time 2 {url} || printf 'FAIL(%s)' $?; echo; done");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
