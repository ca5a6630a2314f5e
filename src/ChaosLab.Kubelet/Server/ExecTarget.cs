namespace ChaosLab.Kubelet.Server;

/// <summary>Where an exec'd command runs: the pod's network namespace, the container's environment and working directory.</summary>
public sealed record ExecTarget(string Netns, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory);
