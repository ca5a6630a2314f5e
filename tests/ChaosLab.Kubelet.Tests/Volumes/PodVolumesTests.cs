using System.Text;
using ChaosLab.Kubelet.Tests.Support;
using ChaosLab.Kubelet.Volumes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.Kubelet.Tests.Volumes;

[Category("Unit")]
public sealed class PodVolumesTests
{
    private const string Uid = "uid-1";

    private string _root = "";
    private string _outside = "";
    private FakeReferencedObjects _objects = null!;
    private FakeHostMounts _mounts = null!;
    private PodVolumes _volumes = null!;

    [SetUp]
    public void Reset()
    {
        _root = Directory.CreateTempSubdirectory("kubelet-root-").FullName;
        _outside = Directory.CreateTempSubdirectory("kubelet-outside-").FullName;
        _objects = new FakeReferencedObjects();
        _mounts = new FakeHostMounts();
        _volumes = new PodVolumes(new VolumeLayout(_root), _objects, _mounts, NullLogger.Instance);
    }

    [TearDown]
    public void RemoveDirectories()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private string PodDir => Path.Combine(_root, "pods", Uid);

    [Test]
    public async Task A_configmap_volume_is_written_read_only_with_upstreams_data_link_layout()
    {
        _objects.AddConfigMap("app", new() { ["app.conf"] = "mode=fast", ["extra"] = "x" });

        var setUp = await _volumes.SetUpAsync(Pod(ConfigMapVolume("config", "app")), CancellationToken.None);

        var dir = Path.Combine(PodDir, "volumes", "kubernetes.io~configmap", "config");
        Assert.That(setUp.Failures, Is.Empty);
        Assert.That(setUp.Volumes["config"], Is.EqualTo(new MountedVolume(dir, ReadOnly: true)));
        Assert.That(new FileInfo(Path.Combine(dir, "..data")).LinkTarget, Does.StartWith(".."));
        Assert.That(new FileInfo(Path.Combine(dir, "app.conf")).LinkTarget, Is.EqualTo("..data/app.conf"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "app.conf")), Is.EqualTo("mode=fast"));
        Assert.That(File.GetUnixFileMode(Path.Combine(dir, "app.conf")), Is.EqualTo((UnixFileMode)420));
        Assert.That(_mounts.Mounted, Is.Empty, "a configMap volume is on disk, as upstream's");
    }

    [Test]
    public async Task Items_put_keys_at_their_paths_with_their_modes()
    {
        _objects.AddConfigMap("app", new() { ["app.conf"] = "mode=fast", ["unlisted"] = "x" });
        var volume = ConfigMapVolume("config", "app");
        volume.ConfigMap.Items = [new V1KeyToPath { Key = "app.conf", Path = "conf/settings.ini", Mode = 256 }];
        volume.ConfigMap.DefaultMode = 292;

        var setUp = await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);

        var dir = setUp.Volumes["config"].HostPath;
        Assert.That(File.ReadAllText(Path.Combine(dir, "conf", "settings.ini")), Is.EqualTo("mode=fast"));
        Assert.That(File.GetUnixFileMode(Path.Combine(dir, "conf", "settings.ini")), Is.EqualTo(UnixFileMode.UserRead));
        Assert.That(Path.Exists(Path.Combine(dir, "unlisted")), Is.False);
    }

    [Test]
    public async Task An_update_of_the_configmap_rewrites_the_volume_atomically_and_drops_removed_keys()
    {
        _objects.AddConfigMap("app", new() { ["a"] = "1", ["b"] = "2" });
        var pod = Pod(ConfigMapVolume("config", "app"));
        var dir = (await _volumes.SetUpAsync(pod, CancellationToken.None)).Volumes["config"].HostPath;
        var first = new FileInfo(Path.Combine(dir, "..data")).LinkTarget;

        _objects.AddConfigMap("app", new() { ["a"] = "changed", ["c"] = "3" });
        await _volumes.SetUpAsync(pod, CancellationToken.None);

        var second = new FileInfo(Path.Combine(dir, "..data")).LinkTarget;
        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(File.ReadAllText(Path.Combine(dir, "a")), Is.EqualTo("changed"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "c")), Is.EqualTo("3"));
        Assert.That(Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "..data", second, "a", "c" }));
    }

    [Test]
    public async Task An_optional_configmap_that_does_not_exist_is_an_empty_volume()
    {
        var volume = ConfigMapVolume("config", "gone");
        volume.ConfigMap.Optional = true;

        var setUp = await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);

        Assert.That(setUp.Failures, Is.Empty);
        var dir = setUp.Volumes["config"].HostPath;
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(dir, "..data")), Is.Empty);
    }

    [Test]
    public async Task A_missing_configmap_fails_the_volume_as_upstreams_FailedMount_says()
    {
        var setUp = await _volumes.SetUpAsync(Pod(ConfigMapVolume("config", "gone")), CancellationToken.None);

        Assert.That(setUp.Failures, Is.EqualTo(new[] { "MountVolume.SetUp failed for volume \"config\" : configmap \"gone\" not found" }));
        Assert.That(setUp.Volumes, Does.Not.ContainKey("config"));
        Assert.That(setUp.Warnings, Is.Empty);
    }

    [Test]
    public async Task A_volume_written_before_that_cannot_be_refreshed_is_a_warning_and_keeps_its_content()
    {
        _objects.AddConfigMap("app", new() { ["a"] = "1" });
        var pod = Pod(ConfigMapVolume("config", "app"));
        var before = (await _volumes.SetUpAsync(pod, CancellationToken.None)).Volumes["config"];

        _objects.ConfigMaps.Clear();
        var setUp = await _volumes.SetUpAsync(pod, CancellationToken.None);

        Assert.That(setUp.Failures, Is.Empty);
        Assert.That(setUp.Warnings, Is.EqualTo(new[] { "MountVolume.SetUp failed for volume \"config\" : configmap \"app\" not found" }));
        Assert.That(setUp.Volumes["config"], Is.EqualTo(before));
        Assert.That(File.ReadAllText(Path.Combine(before.HostPath, "a")), Is.EqualTo("1"));
    }

    [Test]
    public async Task A_refused_read_fails_with_the_api_servers_message_even_when_optional()
    {
        _objects.AddConfigMap("app", new() { ["a"] = "1" });
        _objects.Refused.Add("default/app");
        var volume = ConfigMapVolume("config", "app");
        volume.ConfigMap.Optional = true;

        var setUp = await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);

        Assert.That(setUp.Failures.Single(), Does.StartWith("MountVolume.SetUp failed for volume \"config\" : configmaps \"app\" is forbidden"));
    }

    [Test]
    public async Task A_secret_volume_lives_on_a_tmpfs()
    {
        _objects.AddSecret("db", new() { ["password"] = "s3cret" });
        var volume = new V1Volume { Name = "creds", Secret = new V1SecretVolumeSource { SecretName = "db", DefaultMode = 256 } };

        var setUp = await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);

        var dir = Path.Combine(PodDir, "volumes", "kubernetes.io~secret", "creds");
        Assert.That(setUp.Volumes["creds"], Is.EqualTo(new MountedVolume(dir, ReadOnly: true)));
        Assert.That(_mounts.Mounted, Is.EqualTo(new[] { dir }));
        Assert.That(File.ReadAllText(Path.Combine(dir, "password")), Is.EqualTo("s3cret"));
        Assert.That(File.GetUnixFileMode(Path.Combine(dir, "password")), Is.EqualTo(UnixFileMode.UserRead));

        await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);
        Assert.That(_mounts.Mounted, Has.Count.EqualTo(1), "mounted once");
    }

    [Test]
    public async Task A_missing_secret_fails_in_upstreams_words()
    {
        var volume = new V1Volume { Name = "creds", Secret = new V1SecretVolumeSource { SecretName = "db" } };

        var setUp = await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);

        Assert.That(setUp.Failures, Is.EqualTo(new[] { "MountVolume.SetUp failed for volume \"creds\" : secret \"db\" not found" }));
    }

    [Test]
    public async Task An_emptyDir_is_a_writable_directory_open_to_all_and_a_memory_one_a_sized_tmpfs()
    {
        var pod = Pod(
            new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() },
            new V1Volume { Name = "fast", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity("64Mi") } },
            new V1Volume { Name = "odd", EmptyDir = new V1EmptyDirVolumeSource { Medium = "HugePages" } });

        var setUp = await _volumes.SetUpAsync(pod, CancellationToken.None);

        var scratch = Path.Combine(PodDir, "volumes", "kubernetes.io~empty-dir", "scratch");
        var fast = Path.Combine(PodDir, "volumes", "kubernetes.io~empty-dir", "fast");
        Assert.That(setUp.Volumes["scratch"], Is.EqualTo(new MountedVolume(scratch, ReadOnly: false)));
        Assert.That(File.GetUnixFileMode(scratch), Is.EqualTo((UnixFileMode)0x1FF));
        Assert.That(setUp.Volumes["fast"], Is.EqualTo(new MountedVolume(fast, ReadOnly: false)));
        Assert.That(_mounts.Mounted, Is.EqualTo(new[] { fast }));
        Assert.That(setUp.Failures, Is.EqualTo(new[] { "MountVolume.SetUp failed for volume \"odd\" : emptyDir medium \"HugePages\" is not supported by this kubelet" }));
    }

    [Test]
    public async Task A_hostPath_volume_is_the_nodes_own_path_after_its_type_check()
    {
        var made = Path.Combine(_outside, "made");
        var missing = Path.Combine(_outside, "missing");
        var pod = Pod(
            new V1Volume { Name = "made", HostPath = new V1HostPathVolumeSource { Path = made, Type = "DirectoryOrCreate" } },
            new V1Volume { Name = "missing", HostPath = new V1HostPathVolumeSource { Path = missing, Type = "Directory" } });

        var setUp = await _volumes.SetUpAsync(pod, CancellationToken.None);

        Assert.That(setUp.Volumes["made"], Is.EqualTo(new MountedVolume(made, ReadOnly: false)));
        Assert.That(Directory.Exists(made), Is.True);
        Assert.That(setUp.Failures, Is.EqualTo(new[] { $"MountVolume.SetUp failed for volume \"missing\" : hostPath type check failed: {missing} is not a directory" }));
    }

    [Test]
    public async Task A_downwardAPI_volume_holds_the_pods_fields()
    {
        var volume = new V1Volume
        {
            Name = "info",
            DownwardAPI = new V1DownwardAPIVolumeSource { Items = [new V1DownwardAPIVolumeFile { Path = "name", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } }] },
        };

        var setUp = await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);

        var dir = Path.Combine(PodDir, "volumes", "kubernetes.io~downward-api", "info");
        Assert.That(setUp.Volumes["info"], Is.EqualTo(new MountedVolume(dir, ReadOnly: true)));
        Assert.That(File.ReadAllText(Path.Combine(dir, "name")), Is.EqualTo("web"));
    }

    [Test]
    public async Task A_projected_volume_merges_its_sources_later_over_earlier()
    {
        _objects.AddConfigMap("app", new() { ["shared"] = "from-configmap", ["conf"] = "c" }).AddSecret("db", new() { ["shared"] = "from-secret" });
        var volume = new V1Volume
        {
            Name = "all",
            Projected = new V1ProjectedVolumeSource
            {
                DefaultMode = 288,
                Sources =
                [
                    new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "app" } },
                    new V1VolumeProjection { Secret = new V1SecretProjection { Name = "db" } },
                    new V1VolumeProjection { DownwardAPI = new V1DownwardAPIProjection { Items = [new V1DownwardAPIVolumeFile { Path = "ns", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } }] } },
                    new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "gone", Optional = true } },
                ],
            },
        };

        var setUp = await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);

        var dir = Path.Combine(PodDir, "volumes", "kubernetes.io~projected", "all");
        Assert.That(setUp.Volumes["all"], Is.EqualTo(new MountedVolume(dir, ReadOnly: true)));
        Assert.That(_mounts.Mounted, Is.EqualTo(new[] { dir }));
        Assert.That(File.ReadAllText(Path.Combine(dir, "shared")), Is.EqualTo("from-secret"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "conf")), Is.EqualTo("c"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "ns")), Is.EqualTo("default"));
        Assert.That(File.GetUnixFileMode(Path.Combine(dir, "conf")), Is.EqualTo((UnixFileMode)288));
    }

    [Test]
    public async Task A_projected_volume_reports_every_failing_source_as_upstreams_aggregate()
    {
        var volume = new V1Volume
        {
            Name = "all",
            Projected = new V1ProjectedVolumeSource
            {
                Sources =
                [
                    new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "app" } },
                    new V1VolumeProjection { Secret = new V1SecretProjection { Name = "db" } },
                ],
            },
        };

        var setUp = await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);

        Assert.That(setUp.Failures, Is.EqualTo(new[] { "MountVolume.SetUp failed for volume \"all\" : [configmap \"app\" not found, secret \"db\" not found]" }));
    }

    [Test]
    public async Task A_volume_type_this_kubelet_lacks_fails_naming_it()
    {
        var volume = new V1Volume { Name = "share", Nfs = new V1NFSVolumeSource { Server = "nfs", Path = "/export" } };

        var setUp = await _volumes.SetUpAsync(Pod(volume), CancellationToken.None);

        Assert.That(setUp.Failures.Single(), Does.StartWith("MountVolume.SetUp failed for volume \"share\" : nfs volumes are not supported by this kubelet"));
    }

    [Test]
    public async Task TearDown_unmounts_and_removes_the_pod_directory()
    {
        _objects.AddSecret("db", new() { ["password"] = "s3cret" });
        await _volumes.SetUpAsync(Pod(new V1Volume { Name = "creds", Secret = new V1SecretVolumeSource { SecretName = "db" } }), CancellationToken.None);

        _volumes.TearDown(Uid);

        Assert.That(_mounts.Unmounted, Is.EqualTo(new[] { Path.Combine(PodDir, "volumes", "kubernetes.io~secret", "creds") }));
        Assert.That(Directory.Exists(PodDir), Is.False);
        Assert.That(Directory.Exists(Path.Combine(_root, "pods")), Is.True);
    }

    [Test]
    public async Task TearDown_never_follows_a_link_out_of_an_emptyDir()
    {
        var targetFile = Path.Combine(_outside, "precious.txt");
        var targetDir = Path.Combine(_outside, "precious");
        File.WriteAllText(targetFile, "keep me");
        Directory.CreateDirectory(targetDir);
        File.WriteAllText(Path.Combine(targetDir, "inside.txt"), "keep me too");
        var setUp = await _volumes.SetUpAsync(Pod(new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }), CancellationToken.None);
        var scratch = setUp.Volumes["scratch"].HostPath;
        File.CreateSymbolicLink(Path.Combine(scratch, "file-link"), targetFile);
        Directory.CreateSymbolicLink(Path.Combine(scratch, "dir-link"), targetDir);
        Directory.CreateDirectory(Path.Combine(scratch, "nested"));
        Directory.CreateSymbolicLink(Path.Combine(scratch, "nested", "deep-link"), targetDir);

        _volumes.TearDown(Uid);

        Assert.That(Directory.Exists(PodDir), Is.False);
        Assert.That(File.ReadAllText(targetFile), Is.EqualTo("keep me"));
        Assert.That(File.ReadAllText(Path.Combine(targetDir, "inside.txt")), Is.EqualTo("keep me too"));
    }

    [Test]
    public async Task TearDown_leaves_the_directory_while_something_is_still_mounted_in_it()
    {
        var pod = Pod(new V1Volume { Name = "fast", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory" } });
        var fast = (await _volumes.SetUpAsync(pod, CancellationToken.None)).Volumes["fast"].HostPath;
        _mounts.Busy.Add(fast);

        _volumes.TearDown(Uid);

        Assert.That(Directory.Exists(fast), Is.True, "deleting through a mount would delete what is mounted there");

        _mounts.Busy.Clear();
        _volumes.TearDown(Uid);
        Assert.That(Directory.Exists(PodDir), Is.False);
    }

    [Test]
    public void TearDown_of_a_pod_without_volumes_does_nothing()
    {
        Assert.DoesNotThrow(() => _volumes.TearDown("never-seen"));
    }

    [Test]
    public async Task A_pod_set_up_again_after_its_teardown_gets_its_volumes_written_again()
    {
        _objects.AddConfigMap("app", new() { ["a"] = "1" });
        var pod = Pod(ConfigMapVolume("config", "app"));
        await _volumes.SetUpAsync(pod, CancellationToken.None);
        _volumes.TearDown(Uid);

        var setUp = await _volumes.SetUpAsync(pod, CancellationToken.None);

        Assert.That(File.ReadAllText(Path.Combine(setUp.Volumes["config"].HostPath, "a")), Is.EqualTo("1"));
    }

    [Test]
    public async Task RemoveOrphans_tears_down_the_pods_no_longer_bound_here()
    {
        await _volumes.SetUpAsync(PodWithUid("live", new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }), CancellationToken.None);
        await _volumes.SetUpAsync(PodWithUid("gone", new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }), CancellationToken.None);

        _volumes.RemoveOrphans(() => new HashSet<string> { "live" });

        Assert.That(Directory.GetDirectories(Path.Combine(_root, "pods")).Select(Path.GetFileName), Is.EqualTo(new[] { "live" }));
    }

    [Test]
    public void RemoveOrphans_without_a_pods_directory_does_nothing()
    {
        var asked = false;

        _volumes.RemoveOrphans(() =>
        {
            asked = true;
            return new HashSet<string>();
        });

        Assert.That(asked, Is.False);
    }

    private static V1Volume ConfigMapVolume(string name, string configMap) =>
        new() { Name = name, ConfigMap = new V1ConfigMapVolumeSource { Name = configMap } };

    private static V1Pod Pod(params V1Volume[] volumes) => PodWithUid(Uid, volumes);

    private static V1Pod PodWithUid(string uid, params V1Volume[] volumes) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = uid },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "x" }], Volumes = volumes },
    };
}
