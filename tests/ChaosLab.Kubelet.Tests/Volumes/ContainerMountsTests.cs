using ChaosLab.Kubelet.Pods;
using ChaosLab.Kubelet.Runtime;
using ChaosLab.Kubelet.Volumes;
using k8s.Models;

namespace ChaosLab.Kubelet.Tests.Volumes;

[Category("Unit")]
public sealed class ContainerMountsTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private string _dir = "";
    private string _volume = "";
    private string _outside = "";

    [SetUp]
    public void MakeVolume()
    {
        _dir = Directory.CreateTempSubdirectory("mounts-").FullName;
        _volume = Path.Combine(_dir, "volume");
        _outside = Path.Combine(_dir, "outside");
        Directory.CreateDirectory(_volume);
        Directory.CreateDirectory(_outside);
        // An emptyDir's mode, which a subPath made in it takes on whatever the umask.
        File.SetUnixFileMode(_volume, (UnixFileMode)0x1FF);
    }

    [TearDown]
    public void RemoveVolume() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_mount_binds_the_volume_at_its_path_writable_unless_asked()
    {
        var mounts = Plan(Mount("/data"), Mount("cache", readOnly: true));

        Assert.That(mounts, Is.EqualTo(new[] { new ContainerMount("/data", _volume, false), new ContainerMount("/cache", _volume, true) }));
    }

    [Test]
    public void A_read_only_volume_is_read_only_in_every_mount()
    {
        var volumes = new Dictionary<string, MountedVolume> { ["data"] = new(_volume, ReadOnly: true) };

        var mounts = ContainerMounts.Plan(Container(Mount("/config", readOnly: false)), volumes, NoEnvironment);

        Assert.That(mounts.Single().ReadOnly, Is.True);
    }

    [Test]
    public void A_mount_of_a_volume_the_pod_does_not_have_fails_in_upstreams_words()
    {
        var container = Container(new V1VolumeMount { Name = "nope", MountPath = "/x" });

        var ex = Assert.Throws<ContainerConfigException>(() => ContainerMounts.Plan(container, Volumes(), NoEnvironment))!;

        Assert.That(ex.Message, Is.EqualTo("cannot find volume \"nope\" to mount into container \"app\""));
    }

    [Test]
    public void A_missing_subPath_is_made_inside_the_volume_with_the_volumes_mode()
    {
        var mounts = Plan(Mount("/logs", subPath: "logs/app"));

        var made = Path.Combine(_volume, "logs", "app");
        Assert.That(mounts.Single().HostPath, Is.EqualTo(made));
        Assert.That(Directory.Exists(made), Is.True);
        Assert.That(File.GetUnixFileMode(made), Is.EqualTo((UnixFileMode)0x1FF), "0777 as the emptyDir, so a non-root container can write");
        Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(made)!), Is.EqualTo((UnixFileMode)0x1FF));
    }

    [Test]
    public void An_existing_subPath_file_is_mounted_as_it_is()
    {
        File.WriteAllText(Path.Combine(_volume, "app.conf"), "x");

        var mounts = Plan(Mount("/etc/app.conf", subPath: "./app.conf"));

        Assert.That(mounts.Single().HostPath, Is.EqualTo(Path.Combine(_volume, "app.conf")));
    }

    [Test]
    public void A_subPath_with_a_backstep_is_refused()
    {
        var ex = Assert.Throws<ContainerConfigException>(() => Plan(Mount("/x", subPath: "a/../../outside")))!;

        Assert.That(ex.Message, Is.EqualTo("unable to provision SubPath `a/../../outside`: must not contain '..'"));
    }

    [Test]
    public void An_absolute_subPath_is_refused()
    {
        var ex = Assert.Throws<ContainerConfigException>(() => Plan(Mount("/x", subPath: "/etc")))!;

        Assert.That(ex.Message, Is.EqualTo("error SubPath `/etc` must not be an absolute path"));
    }

    [Test]
    public void A_link_a_container_planted_that_reaches_out_of_the_volume_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_volume, "escape"), "/etc");

        var ex = Assert.Throws<ContainerConfigException>(() => Plan(Mount("/x", subPath: "escape")))!;

        Assert.That(ex.Message, Is.EqualTo("failed to prepare subPath for volumeMount \"data\" of container \"app\""));
    }

    [Test]
    public void A_subPath_to_make_through_a_link_out_of_the_volume_is_refused_and_nothing_is_made_outside()
    {
        File.CreateSymbolicLink(Path.Combine(_volume, "escape"), _outside);
        File.CreateSymbolicLink(Path.Combine(_volume, "dangling"), Path.Combine(_outside, "made-by-kubelet"));

        var through = Assert.Throws<ContainerConfigException>(() => Plan(Mount("/x", subPath: "escape/new")))!;
        var dangling = Assert.Throws<ContainerConfigException>(() => Plan(Mount("/x", subPath: "dangling")))!;

        Assert.That(through.Message, Is.EqualTo("failed to create subPath directory for volumeMount \"data\" of container \"app\""));
        Assert.That(dangling.Message, Is.EqualTo("failed to create subPath directory for volumeMount \"data\" of container \"app\""));
        Assert.That(Directory.EnumerateFileSystemEntries(_outside), Is.Empty);
    }

    [Test]
    public void A_subPath_under_a_file_cannot_be_made()
    {
        File.WriteAllText(Path.Combine(_volume, "file"), "x");

        var ex = Assert.Throws<ContainerConfigException>(() => Plan(Mount("/x", subPath: "file/sub")))!;

        Assert.That(ex.Message, Is.EqualTo("failed to create subPath directory for volumeMount \"data\" of container \"app\""));
    }

    [Test]
    public void A_link_that_stays_inside_the_volume_is_resolved()
    {
        Directory.CreateDirectory(Path.Combine(_volume, "real"));
        File.CreateSymbolicLink(Path.Combine(_volume, "alias"), "real");

        var mounts = Plan(Mount("/x", subPath: "alias"));

        Assert.That(mounts.Single().HostPath, Is.EqualTo(Path.Combine(_volume, "real")));
    }

    [Test]
    public void SubPathExpr_expands_from_the_containers_environment()
    {
        var environment = new Dictionary<string, string> { ["POD_NAME"] = "web-0" };

        var mounts = ContainerMounts.Plan(Container(Mount("/logs", subPathExpr: "$(POD_NAME)/logs")), Volumes(), environment);

        Assert.That(mounts.Single().HostPath, Is.EqualTo(Path.Combine(_volume, "web-0", "logs")));
        Assert.That(Directory.Exists(Path.Combine(_volume, "web-0", "logs")), Is.True);
    }

    [Test]
    public void SubPathExpr_with_a_missing_or_empty_variable_fails_naming_them_sorted()
    {
        var environment = new Dictionary<string, string> { ["EMPTY"] = "" };

        var ex = Assert.Throws<ContainerConfigException>(() =>
            ContainerMounts.Plan(Container(Mount("/x", subPathExpr: "$(ZONE)/$(EMPTY)/$(APP)")), Volumes(), environment))!;

        Assert.That(ex.Message, Is.EqualTo("missing value for APP, EMPTY, ZONE"));
    }

    [Test]
    public void SubPathExpr_that_expands_to_a_backstep_is_refused()
    {
        var environment = new Dictionary<string, string> { ["DIR"] = ".." };

        var ex = Assert.Throws<ContainerConfigException>(() => ContainerMounts.Plan(Container(Mount("/x", subPathExpr: "$(DIR)/outside")), Volumes(), environment))!;

        Assert.That(ex.Message, Is.EqualTo("unable to provision SubPath `../outside`: must not contain '..'"));
    }

    private IReadOnlyList<ContainerMount> Plan(params V1VolumeMount[] mounts) => ContainerMounts.Plan(Container(mounts), Volumes(), NoEnvironment);

    private Dictionary<string, MountedVolume> Volumes() => new() { ["data"] = new MountedVolume(_volume, ReadOnly: false) };

    private static V1Container Container(params V1VolumeMount[] mounts) => new() { Name = "app", Image = "x", VolumeMounts = mounts };

    private static V1VolumeMount Mount(string path, bool? readOnly = null, string? subPath = null, string? subPathExpr = null) =>
        new() { Name = "data", MountPath = path, ReadOnlyProperty = readOnly, SubPath = subPath, SubPathExpr = subPathExpr };
}
