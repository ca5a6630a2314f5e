using ChaosLab.Kubelet.Runtime;
using CriV1 = ChaosLab.Cri.V1;

namespace ChaosLab.Kubelet.Tests.Runtime;

[Category("Unit")]
public sealed class CriRuntimeConfigTests
{
    private static readonly SandboxConfig Sandbox = new("uid-1", "web", "shop", new Dictionary<string, string> { ["app"] = "web" });

    [Test]
    public void A_sandbox_has_the_pods_identity_labels_log_directory_and_own_cgroup()
    {
        var config = CriRuntime.SandboxConfigOf(Sandbox);

        Assert.That((config.Metadata.Name, config.Metadata.Namespace, config.Metadata.Uid), Is.EqualTo(("web", "shop", "uid-1")));
        Assert.That(config.LogDirectory, Is.EqualTo("/var/log/pods/shop_web_uid-1"));
        Assert.That(config.Linux.CgroupParent, Is.EqualTo("/kubepods/poduid-1"));
        Assert.That(config.Labels["app"], Is.EqualTo("web"));
        Assert.That(config.Labels[CriRuntime.PodUidLabel], Is.EqualTo("uid-1"));
        Assert.That(config.Linux.SecurityContext.NamespaceOptions.Network, Is.EqualTo(CriV1.NamespaceMode.Pod));
        Assert.That(config.Linux.SecurityContext.NamespaceOptions.Pid, Is.EqualTo(CriV1.NamespaceMode.Container));
    }

    [Test]
    public void Host_network_and_host_pid_pods_share_the_nodes_namespaces()
    {
        var config = CriRuntime.SandboxConfigOf(Sandbox with { HostNetwork = true, HostPid = true });

        Assert.That(config.Linux.SecurityContext.NamespaceOptions.Network, Is.EqualTo(CriV1.NamespaceMode.Node));
        Assert.That(config.Linux.SecurityContext.NamespaceOptions.Pid, Is.EqualTo(CriV1.NamespaceMode.Node));
        Assert.That(config.Hostname, Is.Empty, "a host-network pod keeps the node's hostname");
    }

    [Test]
    public void Stdin_stdin_once_and_tty_reach_the_runtime_so_that_attach_and_run_it_work()
    {
        var config = CriRuntime.ContainerConfigOf(Sandbox, Container(new ContainerSecurity()) with { Stdin = true, StdinOnce = true, Tty = true });

        Assert.That((config.Stdin, config.StdinOnce, config.Tty), Is.EqualTo((true, true, true)));
        Assert.That(CriRuntime.ContainerConfigOf(Sandbox, Container(new ContainerSecurity())).StdinOnce, Is.False);
    }

    [Test]
    public void An_unprivileged_container_gets_masked_and_read_only_proc_paths_and_the_runtimes_seccomp_profile()
    {
        var config = CriRuntime.ContainerConfigOf(Sandbox, Container(new ContainerSecurity()));

        var security = config.Linux.SecurityContext;
        Assert.That(security.MaskedPaths, Does.Contain("/proc/kcore"));
        Assert.That(security.ReadonlyPaths, Does.Contain("/proc/sys"));
        Assert.That(security.Seccomp.ProfileType, Is.EqualTo(CriV1.SecurityProfile.Types.ProfileType.RuntimeDefault));
        Assert.That(security.Privileged, Is.False);
    }

    [Test]
    public void A_privileged_container_is_not_masked()
    {
        var security = CriRuntime.ContainerConfigOf(Sandbox, Container(new ContainerSecurity(Privileged: true))).Linux.SecurityContext;

        Assert.That((security.Privileged, security.MaskedPaths.Count, security.ReadonlyPaths.Count), Is.EqualTo((true, 0, 0)));
        Assert.That(security.Seccomp.ProfileType, Is.EqualTo(CriV1.SecurityProfile.Types.ProfileType.Unconfined));
    }

    [Test]
    public void A_container_carries_its_command_env_limits_user_and_log_path()
    {
        var config = CriRuntime.ContainerConfigOf(Sandbox, Container(new ContainerSecurity(RunAsUser: 1000, AddCapabilities: ["NET_ADMIN"])) with
        {
            Resources = new ContainerResources(50_000, 100_000, 512, 32 * 1024 * 1024),
        });

        Assert.That(config.Command, Is.EqualTo(new[] { "sh" }));
        Assert.That(config.Args, Is.EqualTo(new[] { "-c", "echo hi" }));
        Assert.That(config.Envs.Single(e => e.Key == "A").Value, Is.EqualTo("1"));
        Assert.That(config.LogPath, Is.EqualTo("c/3.log"));
        Assert.That((config.Linux.Resources.CpuQuota, config.Linux.Resources.CpuPeriod, config.Linux.Resources.MemoryLimitInBytes), Is.EqualTo((50_000L, 100_000L, 32L * 1024 * 1024)));
        Assert.That(config.Linux.SecurityContext.RunAsUser.Value, Is.EqualTo(1000));
        Assert.That(config.Linux.SecurityContext.Capabilities.AddCapabilities, Is.EqualTo(new[] { "NET_ADMIN" }));
        Assert.That(config.Labels[CriRuntime.ContainerNameLabel], Is.EqualTo("c"));
    }

    private static ContainerConfig Container(ContainerSecurity security) =>
        new("c", "chaoslab/shell", ["sh"], ["-c", "echo hi"], new Dictionary<string, string> { ["A"] = "1" }, 3, Security: security);
}
