using ChaosLab.Cri.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ChaosLab.Cri.Tests;

/// <summary>
/// Our cri_api.proto must put the same numbers on the wire as the CRI API (runtime.v1, as served by
/// containerd 1.6.20, i.e. CRI API v0.25.0). The numbers below were read from upstream's api.proto and
/// from the descriptor built into containerd; bytes are written out by hand from the protobuf encoding
/// (tag = number &lt;&lt; 3 | wire type; 0 varint, 2 length-delimited).
/// </summary>
[Category("Unit")]
public sealed class WireFormatTests
{
    [Test]
    public void Sandbox_metadata_name_is_field_1_of_field_1()
    {
        var config = new PodSandboxConfig { Metadata = new PodSandboxMetadata { Name = "a" } };

        Assert.That(Hex(config), Is.EqualTo("0a 03 0a 01 61"));
    }

    [Test]
    public void Sandbox_linux_config_is_field_8()
    {
        var config = new PodSandboxConfig { Linux = new LinuxPodSandboxConfig { CgroupParent = "/k" } };

        Assert.That(Hex(config), Is.EqualTo("42 04 0a 02 2f 6b"));
    }

    [Test]
    public void Container_log_path_is_11_and_tty_is_14()
    {
        var config = new ContainerConfig { LogPath = "0.log", Tty = true };

        Assert.That(Hex(config), Is.EqualTo("5a 05 30 2e 6c 6f 67 70 01"));
    }

    [Test]
    public void Security_context_run_as_group_is_12_and_apparmor_is_16()
    {
        var context = new LinuxContainerSecurityContext
        {
            RunAsGroup = new Int64Value { Value = 1000 },
            Apparmor = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Localhost },
        };

        // 12 → tag 0x62; 1000 → varint e8 07; 16 → tag 130 → varint 82 01.
        Assert.That(Hex(context), Is.EqualTo("62 03 08 e8 07 82 01 02 08 02"));
    }

    [Test]
    public void Resources_unified_is_map_field_9_and_swap_is_10()
    {
        var resources = new LinuxContainerResources { Unified = { ["memory.high"] = "1" }, MemorySwapLimitInBytes = 1 };

        Assert.That(Hex(resources), Is.EqualTo("4a 10 0a 0b 6d 65 6d 6f 72 79 2e 68 69 67 68 12 01 31 50 01"));
    }

    [Test]
    public void Attach_and_exec_number_stdin_differently()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Hex(new AttachRequest { Stdin = true }), Is.EqualTo("10 01"));
            Assert.That(Hex(new ExecRequest { Stdin = true }), Is.EqualTo("20 01"));
        });
    }

    [Test]
    public void Stop_container_timeout_is_a_varint_field_2()
    {
        Assert.That(Hex(new StopContainerRequest { ContainerId = "c", Timeout = 30 }), Is.EqualTo("0a 01 63 10 1e"));
    }

    [Test]
    public void Container_status_resources_is_field_16()
    {
        var status = new ContainerStatus { Resources = new ContainerResources { Linux = new LinuxContainerResources { CpuShares = 2 } } };

        Assert.That(Hex(status), Is.EqualTo("82 01 04 0a 02 18 02"));
    }

    [Test]
    public void Mount_propagation_is_field_5()
    {
        var mount = new Mount { SelinuxRelabel = true, Propagation = MountPropagation.PropagationBidirectional };

        Assert.That(Hex(mount), Is.EqualTo("20 01 28 02"));
    }

    [Test]
    public void A_version_answer_as_containerd_sends_it_decodes()
    {
        // VersionResponse{version "0.1.0", runtime_name "containerd", runtime_version "1.6.20", runtime_api_version "v1"}
        var bytes = Convert.FromHexString("0a05302e312e30120a636f6e7461696e6572641a06312e362e3230220276 31".Replace(" ", "", StringComparison.Ordinal));

        var version = VersionResponse.Parser.ParseFrom(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(version.Version, Is.EqualTo("0.1.0"));
            Assert.That(version.RuntimeName, Is.EqualTo("containerd"));
            Assert.That(version.RuntimeVersion, Is.EqualTo("1.6.20"));
            Assert.That(version.RuntimeApiVersion, Is.EqualTo("v1"));
        });
    }

    [Test]
    public void Fields_from_newer_runtimes_are_skipped()
    {
        // Mount{container_path "/d", recursive_read_only (field 8, newer CRI) true}
        var mount = Mount.Parser.ParseFrom(Convert.FromHexString("0a022f644001"));

        Assert.That(mount.ContainerPath, Is.EqualTo("/d"));
    }

    [Test]
    public void A_full_container_config_round_trips()
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "web", Attempt = 2 },
            Image = new ImageSpec { Image = "docker.io/library/nginx:1.25" },
            Command = { "/bin/sh", "-c" },
            Args = { "exec nginx" },
            Envs = { new KeyValue { Key = "A", Value = "1" } },
            Mounts = { new Mount { ContainerPath = "/data", HostPath = "/var/lib/x", Readonly = true } },
            Labels = { ["io.kubernetes.pod.name"] = "web-0" },
            LogPath = "web/2.log",
            Linux = new LinuxContainerConfig
            {
                Resources = new LinuxContainerResources { CpuPeriod = 100_000, CpuQuota = 50_000, MemoryLimitInBytes = 64 << 20 },
                SecurityContext = new LinuxContainerSecurityContext
                {
                    NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Container },
                    Capabilities = new Capability { DropCapabilities = { "ALL" } },
                    Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault },
                },
            },
        };

        var copy = ContainerConfig.Parser.ParseFrom(config.ToByteArray());

        Assert.That(copy, Is.EqualTo(config));
    }

    // Names and numbers read from upstream; a renumbering here would silently break containerd.
    [TestCase("PodSandboxConfig", "port_mappings", 5)]
    [TestCase("PodSandboxConfig", "linux", 8)]
    [TestCase("LinuxPodSandboxConfig", "resources", 5)]
    [TestCase("LinuxSandboxSecurityContext", "run_as_group", 8)]
    [TestCase("LinuxSandboxSecurityContext", "seccomp", 9)]
    [TestCase("NamespaceOption", "userns_options", 5)]
    [TestCase("PodSandboxStatus", "runtime_handler", 9)]
    [TestCase("Namespace", "options", 2)]
    [TestCase("ContainerConfig", "linux", 15)]
    [TestCase("LinuxContainerSecurityContext", "no_new_privs", 11)]
    [TestCase("LinuxContainerSecurityContext", "masked_paths", 13)]
    [TestCase("LinuxContainerSecurityContext", "seccomp", 15)]
    [TestCase("LinuxContainerResources", "hugepage_limits", 8)]
    [TestCase("PortMapping", "host_ip", 4)]
    [TestCase("ContainerStatus", "log_path", 15)]
    [TestCase("UpdateContainerResourcesRequest", "annotations", 4)]
    [TestCase("ExecSyncRequest", "timeout", 3)]
    [TestCase("PortForwardRequest", "port", 2)]
    [TestCase("Image", "pinned", 8)]
    [TestCase("PullImageRequest", "sandbox_config", 3)]
    [TestCase("AuthConfig", "registry_token", 6)]
    [TestCase("FilesystemUsage", "inodes_used", 4)]
    public void Field_numbers_match_upstream(string message, string field, int number)
    {
        var descriptor = CriApiReflection.Descriptor.FindTypeByName<MessageDescriptor>(message);

        Assert.That(descriptor.FindFieldByName(field)?.FieldNumber, Is.EqualTo(number));
    }

    [Test]
    public void The_services_carry_every_rpc_the_kubelet_needs_under_their_wire_names()
    {
        var runtime = CriApiReflection.Descriptor.Services.Single(s => s.Name == "RuntimeService");
        var images = CriApiReflection.Descriptor.Services.Single(s => s.Name == "ImageService");

        Assert.Multiple(() =>
        {
            Assert.That(runtime.FullName, Is.EqualTo("runtime.v1.RuntimeService"));
            Assert.That(images.FullName, Is.EqualTo("runtime.v1.ImageService"));
            Assert.That(runtime.Methods.Select(m => m.Name), Is.EquivalentTo(new[]
            {
                "Version", "RunPodSandbox", "StopPodSandbox", "RemovePodSandbox", "PodSandboxStatus", "ListPodSandbox",
                "CreateContainer", "StartContainer", "StopContainer", "RemoveContainer", "ListContainers", "ContainerStatus",
                "UpdateContainerResources", "ReopenContainerLog", "ExecSync", "Exec", "Attach", "PortForward",
                "ContainerStats", "ListContainerStats", "Status",
            }));
            Assert.That(images.Methods.Select(m => m.Name), Is.EquivalentTo(new[] { "ListImages", "ImageStatus", "PullImage", "RemoveImage", "ImageFsInfo" }));
            Assert.That(runtime.Methods.Concat(images.Methods).Where(m => m.IsClientStreaming || m.IsServerStreaming), Is.Empty);
        });
    }

    private static string Hex(IMessage message) => string.Join(' ', message.ToByteArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
