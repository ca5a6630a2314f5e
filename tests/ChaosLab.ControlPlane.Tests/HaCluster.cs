using ChaosLab.Lab;
using ChaosLab.Lab.ControlPlane;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>One `ha` lab with the whole control plane, shared by the control-plane tests of a run.</summary>
public static class HaCluster
{
    private static readonly OnDemandLab Lab = new("ha", "cp");

    public static DockerEngine Engine => Lab.Engine;

    public static LabState State => Lab.State;

    public static async Task<(LabState Lab, Kubernetes Client)> GetAsync() => (await Lab.GetAsync(), Client());

    public static Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(LabPaths.For(State.Name).Kubeconfig));

    public static string Container(string node) => LabLabels.ContainerName(State.Name, node);

    /// <summary>Runs a command inside a pod's network namespace on its node (checks from inside the lab, never from the host).</summary>
    public static Task<ExecResult> ExecInPodAsync(V1Pod pod, params string[] command) =>
        Engine.ExecAsync(Container(pod.Spec.NodeName), PodCommands.InNetworkNamespace(pod.Metadata.Uid, command));

    public static Task TearDownAsync() => Lab.TearDownAsync();
}

[SetUpFixture]
public sealed class HaClusterTeardown
{
    [OneTimeTearDown]
    public Task TearDown() => HaCluster.TearDownAsync();
}
