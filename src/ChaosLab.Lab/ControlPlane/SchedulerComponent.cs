using ChaosLab.Lab.Lifecycle;
using ChaosLab.Lab.Topology;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>How kube-scheduler runs on a control-plane node: leader-elected, with the profile's lease timings.</summary>
public static class SchedulerComponent
{
    public const int HealthPort = 10259;

    public static ComponentSpec For(TopologySpec topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var p = topology.Profile;
        string[] args =
        [
            $"{NodeBinary.MountPoint}/chaoslab-node.dll", "scheduler",
            $"--kubeconfig={ComponentKubeconfig.PathInNode(ComponentNames.Scheduler)}",
            "--leader-elect=true",
            $"--leader-elect-lease-duration={GoDurations.Format(p.LeaseDuration)}",
            $"--leader-elect-renew-deadline={GoDurations.Format(p.RenewDeadline)}",
            $"--leader-elect-retry-period={GoDurations.Format(p.RetryPeriod)}",
            "--bind-address=0.0.0.0",
            $"--secure-port={HealthPort}",
        ];
        return new ComponentSpec(ComponentNames.Scheduler, $"{NodeBinary.DotnetRoot}/dotnet", args,
            Health: new HealthCheck(HealthCheckKind.Http, $"http://127.0.0.1:{HealthPort}/healthz"));
    }
}
