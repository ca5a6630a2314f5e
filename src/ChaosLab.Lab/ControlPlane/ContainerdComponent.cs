using ChaosLab.Lab.Lifecycle;
using ChaosLab.NodeApi;

namespace ChaosLab.Lab.ControlPlane;

/// <summary>
/// containerd on every node that runs pods: the container runtime the kubelet drives through CRI, with
/// runc underneath and the lab's CNI plugin for pod networks. Its state lives on a Docker volume
/// (<see cref="StateDirectory"/>), where overlayfs works, unlike on the node container's own overlay root.
/// Nothing is pulled: images come from the host's Docker engine (`chaoslab load-image`).
/// </summary>
public static class ContainerdComponent
{
    public const string Socket = "/run/containerd/containerd.sock";
    public const string StateDirectory = "/var/lib/containerd";
    public const string ConfigFile = "containerd.toml";
    public const string CniBinDirectory = NodeBinary.MountPoint + "/cni";
    public const string CniConfDirectory = "/etc/cni/net.d";
    public const string SandboxImage = "docker.io/chaoslab/pause:latest";

    public static string ConfigPathInNode => $"/etc/chaoslab/{ConfigFile}";

    public static ComponentSpec For() =>
        new(NodeConfig.ContainerRuntimeComponent, "/usr/bin/containerd", ["--config", ConfigPathInNode],
            Health: new HealthCheck(HealthCheckKind.Unix, Socket));

    /// <summary>The Docker volume that holds one node's images and container layers.</summary>
    public static string VolumeName(string lab, string node) => $"{LabLabels.ContainerName(lab, node)}-containerd";

    /// <summary>
    /// containerd's config: the CRI plugin with runc (cgroupfs: the node has no systemd), overlayfs, the lab's
    /// pause image, CNI from the node binary folder, and streaming on loopback only (the kubelet proxies it).
    /// restrict_oom_score_adj: a node lacks CAP_SYS_RESOURCE (this kernel refuses it to containers), so no
    /// container may get a lower oom_score_adj than the node's own; runc fails to start a sandbox otherwise.
    /// Plugins a node never uses are disabled: each costs start-up time and memory.
    /// </summary>
    public static string Config() =>
        $$"""
        version = 2
        root = "{{StateDirectory}}"
        state = "/run/containerd"
        disabled_plugins = [
          "io.containerd.snapshotter.v1.aufs",
          "io.containerd.snapshotter.v1.btrfs",
          "io.containerd.snapshotter.v1.devmapper",
          "io.containerd.snapshotter.v1.zfs",
          "io.containerd.tracing.processor.v1.otlp",
          "io.containerd.internal.v1.tracing",
        ]

        [grpc]
          address = "{{Socket}}"

        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "{{SandboxImage}}"
          stream_server_address = "127.0.0.1"
          stream_server_port = "0"
          enable_tls_streaming = false
          max_container_log_line_size = 16384
          disable_hugetlb_controller = true
          restrict_oom_score_adj = true
          tolerate_missing_hugetlb_controller = true
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                SystemdCgroup = false
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "{{CniBinDirectory}}"
            conf_dir = "{{CniConfDirectory}}"
        """;
}
