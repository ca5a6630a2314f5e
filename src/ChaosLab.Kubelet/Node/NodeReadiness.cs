namespace ChaosLab.Kubelet.Node;

/// <summary>What the node's Ready condition says: ready, or the message why not; and the runtime as nodeInfo names it (containerd://1.6.20).</summary>
public sealed record NodeReadiness(bool Ready, string NotReadyMessage, string RuntimeVersion);
