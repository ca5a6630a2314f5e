using ChaosLab.Kubelet.Pods;
using ChaosLab.Kubelet.Runtime;
using k8s.Models;

namespace ChaosLab.Kubelet.Tests.Pods;

[Category("Unit")]
public sealed class ContainerConfigBuilderTests
{
    [Test]
    public void Command_and_args_pass_through_untouched_so_the_image_keeps_what_they_do_not_replace()
    {
        var pod = Pod(new V1Container { Name = "c", Image = "chaoslab/shell", Args = ["echo", "hi"] });

        var config = ContainerConfigBuilder.Build(pod, pod.Spec.Containers[0], 2, new Dictionary<string, string>());

        Assert.That(config.Command, Is.Empty, "no command: the image's entrypoint stays");
        Assert.That(config.Args, Is.EqualTo(new[] { "echo", "hi" }));
        Assert.That(config.LogPath, Is.EqualTo("c/2.log"));
    }

    [Test]
    public void Stdin_stdin_once_and_tty_come_from_the_spec()
    {
        // What `kubectl run -i --rm` creates.
        var container = new V1Container { Name = "c", Image = "chaoslab/shell", Stdin = true, StdinOnce = true, Tty = true };

        var config = ContainerConfigBuilder.Build(Pod(container), container, 0, new Dictionary<string, string>());

        Assert.That((config.Stdin, config.StdinOnce, config.Tty), Is.EqualTo((true, true, true)));
    }

    [Test]
    public void References_in_command_and_args_expand_against_the_environment_as_upstream_does()
    {
        var container = new V1Container { Name = "c", Image = "x", Command = ["/bin/$(SHELL_NAME)"], Args = ["-c", "echo $(GREETING) $$(GREETING) $(UNSET)"] };
        var environment = new Dictionary<string, string> { ["SHELL_NAME"] = "sh", ["GREETING"] = "hi" };
        IReadOnlyList<ContainerMount> mounts = [new ContainerMount("/data", "/var/lib/kubelet/pods/u/volumes/kubernetes.io~empty-dir/data", false)];

        var config = ContainerConfigBuilder.Build(Pod(container), container, 0, environment, mounts);

        Assert.That(config.Command, Is.EqualTo(new[] { "/bin/sh" }));
        Assert.That(config.Args, Is.EqualTo(new[] { "-c", "echo hi $(GREETING) $(UNSET)" }));
        Assert.That(config.Mounts, Is.EqualTo(mounts));
    }

    [TestCase("500m", 50_000L, 512L)]
    [TestCase("2", 200_000L, 2048L)]
    [TestCase("1m", 1000L, 2L)]
    public void A_cpu_limit_becomes_a_cfs_quota_and_shares_follow_the_request(string cpu, long quota, long shares)
    {
        var resources = ContainerConfigBuilder.Resources(new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } });

        Assert.That((resources.CpuQuota, resources.CpuPeriod, resources.CpuShares), Is.EqualTo(((long?)quota, (long?)100_000L, (long?)shares)));
    }

    [Test]
    public void A_memory_limit_is_bytes_and_no_limits_leave_the_cgroup_unbounded()
    {
        var limited = ContainerConfigBuilder.Resources(new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("32Mi") } });
        var free = ContainerConfigBuilder.Resources(null);

        Assert.That(limited.MemoryLimitBytes, Is.EqualTo(32L * 1024 * 1024));
        Assert.That((free.CpuQuota, free.MemoryLimitBytes, free.CpuShares), Is.EqualTo(((long?)null, (long?)null, (long?)ContainerConfigBuilder.MinShares)));
    }

    [Test]
    public void The_container_security_context_wins_over_the_pods()
    {
        var security = ContainerConfigBuilder.Security(
            new V1PodSecurityContext { RunAsUser = 1000, RunAsGroup = 1000 },
            new V1SecurityContext { RunAsUser = 2000, ReadOnlyRootFilesystem = true, AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"], Add = ["NET_BIND_SERVICE"] } });

        Assert.That((security.RunAsUser, security.RunAsGroup, security.ReadOnlyRootFilesystem, security.NoNewPrivileges), Is.EqualTo(((long?)2000, (long?)1000, true, true)));
        Assert.That((security.DropCapabilities, security.AddCapabilities), Is.EqualTo((new[] { "ALL" }, new[] { "NET_BIND_SERVICE" })));
    }

    [TestCase(null, 0L, null, "container has runAsNonRoot and image will run as root")]
    [TestCase(null, 1000L, null, null)]
    [TestCase(0L, 1000L, null, "container's runAsUser breaks non-root policy")]
    [TestCase(null, null, "nobody", "container has runAsNonRoot and image has non-numeric user (nobody), cannot verify user is non-root")]
    public void RunAsNonRoot_refuses_a_root_user_as_upstream_does(long? runAsUser, long? imageUid, string? imageUser, string? expected)
    {
        var container = new V1Container { Name = "c", Image = "x", SecurityContext = new V1SecurityContext { RunAsNonRoot = true, RunAsUser = runAsUser } };

        Assert.That(ContainerConfigBuilder.NonRootViolation(Pod(container), container, new ImageInfo("sha256:x", imageUid, imageUser)), Is.EqualTo(expected));
    }

    private static V1Pod Pod(V1Container container) =>
        new() { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = "u" }, Spec = new V1PodSpec { Containers = [container] } };
}
