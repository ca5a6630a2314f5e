using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ChaosLab.Cri.Streaming.Spdy;

namespace ChaosLab.Cri.Tests.Streaming.Integration;

/// <summary>
/// worker-1 of a real lab, whose containerd (1.6, CRI plugin) the streaming tests talk to from the host:
/// <list type="bullet">
/// <item>CRI through the node's socket, reached by path through /proc/PID/root (the node's mount namespace);</item>
/// <item>the streaming server (127.0.0.1 in the node) through sockets made in the node's network namespace.</item>
/// </list>
/// The lab is the one named by CHAOSLAB_CRI_LAB (left up), or one brought up here with ./chaoslab and taken
/// down again. No registry is reachable, so the test image is busybox-static from Debian, imported into
/// Docker, saved, and imported into the node's containerd; it also stands in for the pause image when the
/// node has none.
/// </summary>
internal sealed class CriTestNode
{
    public const string LabVariable = "CHAOSLAB_CRI_LAB";
    private const string PauseImage = "docker.io/chaoslab/pause:latest";

    private bool _ownsLab;
    private bool _taggedPause;
    private string _imageId = string.Empty;

    private CriTestNode(string lab, bool ownsLab)
    {
        Lab = lab;
        _ownsLab = ownsLab;
        DockerImage = $"chaoslab-spdy-test/busybox:{lab}";
    }

    public string Lab { get; }

    public string Container => $"chaoslab-{Lab}-worker-1";

    /// <summary>The test image as Docker names it; containerd adds docker.io/.</summary>
    public string DockerImage { get; }

    public string Image => "docker.io/" + DockerImage;

    public int Pid { get; private set; }

    public string CriSocket => $"/proc/{Pid}/root/run/containerd/containerd.sock";

    public SpdyConnectionOptions StreamingOptions => new()
    {
        Connect = (url, ct) => NetworkNamespace.ConnectAsync($"/proc/{Pid}/ns/net", new IPEndPoint(IPAddress.Parse(url.Host), url.Port), ct),
    };

    public static async Task<CriTestNode> StartAsync()
    {
        var named = Environment.GetEnvironmentVariable(LabVariable);
        var node = new CriTestNode(string.IsNullOrEmpty(named) ? $"it-cri-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}" : named, ownsLab: string.IsNullOrEmpty(named));
        try
        {
            if (node._ownsLab)
            {
                await TestContext.Progress.WriteLineAsync($"bringing up lab {node.Lab} (set {LabVariable} to use a running one)");
                await Shell.RunAsync($"{Shell.Quote(Path.Combine(RepositoryRoot, "chaoslab"))} up -t single --name {node.Lab}", TimeSpan.FromMinutes(10));
            }
            var pid = await Shell.RunAsync($"docker inspect -f '{{{{.State.Pid}}}}' {node.Container}");
            node.Pid = int.Parse(pid.Trim(), CultureInfo.InvariantCulture);
            await node.RestrictOomScoreAdjustmentAsync();
            await node.LoadImageAsync();
            return node;
        }
        catch
        {
            await node.StopAsync();
            throw;
        }
    }

    public async Task StopAsync()
    {
        var cleanup = new List<string>();
        if (_taggedPause)
        {
            cleanup.Add($"docker exec {Container} ctr -n k8s.io images rm {PauseImage} || true");
        }
        if (!_ownsLab)
        {
            // containerd's CRI also keeps the image under its id (the config digest, which is Docker's image id).
            cleanup.Add($"docker exec {Container} ctr -n k8s.io images rm {Image} {_imageId} >/dev/null || true");
        }
        cleanup.Add($"docker rmi {DockerImage} >/dev/null 2>&1 || true");
        if (_ownsLab)
        {
            cleanup.Add($"{Shell.Quote(Path.Combine(RepositoryRoot, "chaoslab"))} down --name {Lab}");
            _ownsLab = false;
        }
        await Shell.RunAsync(string.Join('\n', cleanup), TimeSpan.FromMinutes(5));
    }

    /// <summary>
    /// containerd gives every pause container oom_score_adj -998, and lowering it needs CAP_SYS_RESOURCE, which
    /// lab nodes lack (this kernel's Docker has it in no bounding set): runc then fails with "can't get final
    /// child's PID from pipe: EOF". <c>restrict_oom_score_adj</c> makes containerd clamp the value at its own
    /// (0). Until the lab's containerd config sets it, the test sets it in this node's config (the host-side file
    /// behind the node's read-only /etc/chaoslab) and restarts containerd; the supervisor starts it again.
    /// </summary>
    private async Task RestrictOomScoreAdjustmentAsync()
    {
        const string Setting = "restrict_oom_score_adj = true";
        var config = await Shell.RunAsync($"docker exec {Container} cat /etc/chaoslab/containerd.toml");
        if (config.Contains(Setting, StringComparison.Ordinal))
        {
            return;
        }
        await TestContext.Progress.WriteLineAsync($"{Container}: adding '{Setting}' to containerd's config and restarting it");
        var source = (await Shell.RunAsync($$$"""docker inspect -f '{{range .Mounts}}{{if eq .Destination "/etc/chaoslab"}}{{.Source}}{{end}}{{end}}' {{{Container}}}""")).Trim();
        await Shell.RunAsync($$"""
            sed -i 's/^\[plugins."io.containerd.grpc.v1.cri"\]$/&\n  {{Setting}}/' {{Shell.Quote(source + "/containerd.toml")}}
            docker exec {{Container}} grep -q "{{Setting}}" /etc/chaoslab/containerd.toml
            old=$(docker exec {{Container}} pidof containerd)
            docker exec {{Container}} kill "$old"
            for i in $(seq 1 100); do
              sleep 0.2
              new=$(docker exec {{Container}} pidof containerd || true)
              if [ -n "$new" ] && [ "$new" != "$old" ] && docker exec {{Container}} ctr version >/dev/null 2>&1; then exit 0; fi
            done
            echo "containerd did not come back" >&2; exit 1
            """);
    }

    private async Task LoadImageAsync()
    {
        // /var/lib/containerd is a volume in the node; /tmp and /run are tmpfs, where docker cp does not land.
        const string InNode = "/var/lib/containerd/spdy-test-busybox.tar";
        await Shell.RunAsync($$"""
            work=$(mktemp -d /var/tmp/spdy-busybox.XXXXXX)
            trap 'rm -rf "$work"' EXIT
            cd "$work"
            apt-get download busybox-static >/dev/null 2>&1
            dpkg-deb -x busybox-static_*.deb root
            mkdir -p root/proc root/sys root/dev root/tmp root/etc root/root
            for applet in $(root/bin/busybox --list); do [ -e "root/bin/$applet" ] || ln -s busybox "root/bin/$applet"; done
            tar -C root -cf rootfs.tar .
            docker import --change 'CMD ["/bin/sleep", "2147483647"]' --change 'ENV PATH=/bin' \
              --change 'LABEL io.chaoslab.lab={{Lab}}' rootfs.tar {{DockerImage}} >/dev/null
            docker save -o image.tar {{DockerImage}}
            docker cp image.tar {{Container}}:{{InNode}}
            docker exec {{Container}} sh -c 'ctr -n k8s.io images import {{InNode}} >/dev/null; rm -f {{InNode}}'
            """, TimeSpan.FromMinutes(5));
        _imageId = (await Shell.RunAsync($"docker inspect -f '{{{{.Id}}}}' {DockerImage}")).Trim();
        // grep reads the whole list: under pipefail, grep -q's early exit could kill ctr with SIGPIPE and fail a match.
        var pause = await Shell.TryAsync($"docker exec {Container} ctr -n k8s.io images ls -q | grep -x {PauseImage} >/dev/null");
        if (pause.ExitCode != 0)
        {
            // The sandbox's pause container runs the image's CMD: sleep.
            await Shell.RunAsync($"docker exec {Container} ctr -n k8s.io images tag {Image} {PauseImage} >/dev/null");
            _taggedPause = true;
        }
    }

    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ChaosLab.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException($"no ChaosLab.sln above {TestContext.CurrentContext.TestDirectory}");
        }
    }
}
