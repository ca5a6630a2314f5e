using System.Text;
using k8s;
using k8s.Autorest;

namespace ChaosLab.Chaos.Agent;

/// <summary>What one command in an agent's container printed and how it ended.</summary>
public sealed record AgentResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;
}

/// <summary>One node's agent: its pod, and the pod CIDRs its node routes (what a partition of that node must cut too).</summary>
public sealed record AgentPod(string Node, string Pod, IReadOnlyList<string> PodCidrs);

/// <summary>
/// Talks to the agents the only way they listen: the API server's pods/exec into the agent pod of a node, running
/// `chaoslab-node agent-do ...`. No port is opened on any node.
/// </summary>
public sealed class AgentClient(IKubernetes api, string ns, IReadOnlyDictionary<string, AgentPod> podsByNode)
{
    public const string Container = "agent";
    public const string Executable = "chaoslab-node";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public string Namespace => ns;

    public IReadOnlyDictionary<string, AgentPod> Pods => podsByNode;

    public bool RunsOn(string node) => podsByNode.ContainsKey(node);

    /// <summary>Runs <paramref name="command"/> in the node's agent container.</summary>
    public async Task<AgentResult> RunAsync(string node, IReadOnlyList<string> command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var pod = podsByNode.TryGetValue(node, out var p) ? p.Pod : throw new TargetNotSupportedException($"no fault agent runs on {node}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        try
        {
            var exit = await api.NamespacedPodExecAsync(pod, ns, Container, command, false, async (_, output, error) =>
            {
                using var outReader = new StreamReader(output);
                using var errReader = new StreamReader(error);
                var o = outReader.ReadToEndAsync(deadline.Token);
                var e = errReader.ReadToEndAsync(deadline.Token);
                stdout.Append(await o);
                stderr.Append(await e);
            }, deadline.Token);
            return new AgentResult(exit, stdout.ToString(), stderr.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ChaosException($"{node}: the agent did not answer `{string.Join(' ', command)}` within {(timeout ?? DefaultTimeout).TotalSeconds:0} s (its kubelet or the path to it is down?)");
        }
        catch (Exception ex) when (ex is KubernetesException or HttpOperationException or System.Net.WebSockets.WebSocketException or HttpRequestException)
        {
            throw new ChaosException($"{node}: exec into the agent pod {ns}/{pod} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Runs `chaoslab-node agent-do ARGS` and returns its output; a failure throws with the agent's message.</summary>
    public async Task<string> DoAsync(string node, IReadOnlyList<string> args, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = await RunAsync(node, [Executable, "agent-do", .. args], timeout, ct);
        return result.Ok
            ? result.Stdout.Trim()
            : throw new ChaosException($"{node}: agent-do {string.Join(' ', args)} failed (exit {result.ExitCode}): {(result.Stderr.Length > 0 ? result.Stderr : result.Stdout).Trim()}");
    }
}
