namespace ChaosLab.Lab.ControlPlane;

/// <summary>
/// Commands run from a pod's node container (docker exec), never from the host: the node's own tools (curl, nc,
/// ip...) in the pod's network namespace, which is how checks reach pod and Service addresses from inside the lab;
/// or a command inside one of the pod's containers, through containerd, as `kubectl exec` would run it. Pods are
/// found by their uid label on containerd's sandboxes and containers.
/// </summary>
public static class PodCommands
{
    /// <summary>Exit code when the pod (or its container) is not running on the node.</summary>
    public const int NotRunning = 125;

    private const string FindTask = """
        task_pid() {
          for id in $(ctr -n k8s.io containers ls -q "$1"); do
            pid=$(ctr -n k8s.io tasks ls | awk -v id="$id" '$1 == id && $3 == "RUNNING" { print $2 }')
            if [ -n "$pid" ]; then echo "$id $pid"; return 0; fi
          done
          return 1
        }
        """;

    private const string InNetnsScript = FindTask + """

        found=$(task_pid "labels.\"io.kubernetes.pod.uid\"==$1,labels.\"io.cri-containerd.kind\"==sandbox") || {
          echo "pod $1 has no running sandbox on this node" >&2; exit 125; }
        shift
        exec nsenter -t "${found#* }" -n -- "$@"
        """;

    private const string InContainerScript = FindTask + """

        found=$(task_pid "labels.\"io.kubernetes.pod.uid\"==$1,labels.\"io.kubernetes.container.name\"==$2") || {
          echo "container $2 of pod $1 is not running on this node" >&2; exit 125; }
        shift 2
        exec ctr -n k8s.io tasks exec --exec-id "chaoslab-$$" "${found% *}" "$@"
        """;

    /// <summary>The argv for the node container: <paramref name="command"/> (a node tool) in pod <paramref name="podUid"/>'s network namespace.</summary>
    public static IReadOnlyList<string> InNetworkNamespace(string podUid, IReadOnlyList<string> command)
    {
        ArgumentException.ThrowIfNullOrEmpty(podUid);
        ArgumentNullException.ThrowIfNull(command);
        return ["sh", "-c", InNetnsScript, "pod-netns", podUid, .. command];
    }

    /// <summary>The argv for the node container: <paramref name="command"/> run inside container <paramref name="container"/> of pod <paramref name="podUid"/>.</summary>
    public static IReadOnlyList<string> InContainer(string podUid, string container, IReadOnlyList<string> command)
    {
        ArgumentException.ThrowIfNullOrEmpty(podUid);
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentNullException.ThrowIfNull(command);
        return ["sh", "-c", InContainerScript, "pod-exec", podUid, container, .. command];
    }
}
