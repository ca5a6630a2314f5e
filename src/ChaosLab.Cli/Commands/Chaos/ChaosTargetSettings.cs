using System.ComponentModel;
using ChaosLab.Chaos.Targets;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using k8s;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands.Chaos;

/// <summary>What the chaos commands act on: a lab (--name) or any Docker containers (--containers).</summary>
public class ChaosTargetSettings : LabSettings
{
    [CommandOption("--containers <NAMES>")]
    [Description("Act on these Docker containers (comma-separated) instead of a lab: node and network faults only")]
    public string? Containers { get; init; }

    [CommandOption("--kubeconfig <PATH>")]
    [Description("With --containers: the cluster's kubeconfig, for pod:... and lease:... targets")]
    public string? Kubeconfig { get; init; }

    public async Task<ChaosEnvironment> EnvironmentAsync(IContainerEngine engine, CancellationToken ct)
    {
        if (Containers is { Length: > 0 } names)
        {
            var api = Kubeconfig is null ? null : new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
            return await ChaosEnvironment.ForContainersAsync(engine, names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), api, ct);
        }
        var kubeconfig = LabPaths.For(Name).Kubeconfig;
        var labApi = File.Exists(kubeconfig) ? new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)) : null;
        return ChaosEnvironment.ForLab(engine, Name, labApi);
    }
}
