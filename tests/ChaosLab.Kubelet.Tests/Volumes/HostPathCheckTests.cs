using System.Net.Sockets;
using ChaosLab.Kubelet.Volumes;

namespace ChaosLab.Kubelet.Tests.Volumes;

[Category("Unit")]
public sealed class HostPathCheckTests
{
    private string _dir = "";
    private string _file = "";

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Directory.CreateTempSubdirectory("hostpath-").FullName;
        _file = Path.Combine(_dir, "file");
        File.WriteAllText(_file, "x");
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void No_type_checks_nothing_not_even_that_the_path_exists()
    {
        Assert.DoesNotThrowAsync(() => HostPathCheck.CheckAsync(Path.Combine(_dir, "missing"), null, CancellationToken.None));
        Assert.DoesNotThrowAsync(() => HostPathCheck.CheckAsync(Path.Combine(_dir, "missing"), "", CancellationToken.None));
    }

    [Test]
    public async Task DirectoryOrCreate_makes_the_directory_with_its_parents()
    {
        var path = Path.Combine(_dir, "a", "b");

        await HostPathCheck.CheckAsync(path, "DirectoryOrCreate", CancellationToken.None);

        Assert.That(Directory.Exists(path), Is.True);
        Assert.That(File.GetUnixFileMode(path) & (UnixFileMode)0x1FF, Is.EqualTo((UnixFileMode)0x1ED), "0755");
    }

    [Test]
    public async Task FileOrCreate_makes_an_empty_file()
    {
        var path = Path.Combine(_dir, "new.sock");

        await HostPathCheck.CheckAsync(path, "FileOrCreate", CancellationToken.None);

        Assert.That(new FileInfo(path).Length, Is.Zero);
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo((UnixFileMode)0x1A4), "0644");
    }

    [Test]
    public void FileOrCreate_does_not_make_a_missing_parent_directory()
    {
        Assert.ThrowsAsync<VolumeSetUpException>(() => HostPathCheck.CheckAsync(Path.Combine(_dir, "no-dir", "file"), "FileOrCreate", CancellationToken.None));
    }

    [Test]
    public void What_exists_and_is_of_the_type_passes()
    {
        Assert.DoesNotThrowAsync(() => HostPathCheck.CheckAsync(_dir, "Directory", CancellationToken.None));
        Assert.DoesNotThrowAsync(() => HostPathCheck.CheckAsync(_dir, "DirectoryOrCreate", CancellationToken.None));
        Assert.DoesNotThrowAsync(() => HostPathCheck.CheckAsync(_file, "File", CancellationToken.None));
        Assert.DoesNotThrowAsync(() => HostPathCheck.CheckAsync(_file, "FileOrCreate", CancellationToken.None));
        Assert.DoesNotThrowAsync(() => HostPathCheck.CheckAsync("/dev/null", "CharDevice", CancellationToken.None));
        Assert.That(File.ReadAllText(_file), Is.EqualTo("x"), "an existing file is left as it is");
    }

    [Test]
    public void A_socket_passes_as_a_socket_and_nothing_else()
    {
        var path = Path.Combine(_dir, "app.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        Assert.DoesNotThrowAsync(() => HostPathCheck.CheckAsync(path, "Socket", CancellationToken.None));
        Assert.That(Failure(path, "File"), Does.StartWith($"hostPath type check failed: {path} is not a file"));
    }

    // upstream's checkTypeInternal messages.
    [TestCase("Directory", "file", "is not a directory")]
    [TestCase("DirectoryOrCreate", "file", "is not a directory")]
    [TestCase("File", "dir", "is not a file")]
    [TestCase("FileOrCreate", "dir", "is not a file")]
    [TestCase("Socket", "file", "is not a socket file")]
    [TestCase("CharDevice", "file", "is not a character device")]
    [TestCase("BlockDevice", "file", "is not a block device")]
    [TestCase("BlockDevice", "/dev/null", "is not a block device")]
    public void A_path_of_another_type_fails_in_upstreams_words(string type, string what, string expected)
    {
        var path = what switch { "file" => _file, "dir" => _dir, _ => what };

        Assert.That(Failure(path, type), Does.StartWith($"hostPath type check failed: {path} {expected}"));
    }

    [TestCase("Directory", "is not a directory")]
    [TestCase("File", "is not a file")]
    [TestCase("Socket", "is not a socket file")]
    [TestCase("CharDevice", "is not a character device")]
    [TestCase("BlockDevice", "is not a block device")]
    public void A_missing_path_fails_as_not_of_the_type_as_upstream_says_it(string type, string expected)
    {
        var path = Path.Combine(_dir, "missing");

        Assert.That(Failure(path, type), Is.EqualTo($"hostPath type check failed: {path} {expected}"));
        Assert.That(Path.Exists(path), Is.False, "only the OrCreate types make what is missing");
    }

    [Test]
    public void A_dangling_link_is_missing_as_upstream_sees_it()
    {
        var path = Path.Combine(_dir, "dangling");
        File.CreateSymbolicLink(path, Path.Combine(_dir, "nowhere"));

        Assert.That(Failure(path, "Directory"), Is.EqualTo($"hostPath type check failed: {path} is not a directory"));
    }

    [TestCase(null)]
    [TestCase("Directory")]
    public void A_path_with_a_backstep_is_refused_whatever_the_type(string? type)
    {
        var path = _dir + "/../" + Path.GetFileName(_dir);

        Assert.That(Failure(path, type), Is.EqualTo($"invalid HostPath `{path}`: must not contain '..'"));
    }

    [Test]
    public void An_unknown_type_is_invalid()
    {
        Assert.That(Failure(_dir, "Folder"), Is.EqualTo("Folder is an invalid volume type"));
    }

    [TestCase("directory", "Directory")]
    [TestCase("regular file", "File")]
    [TestCase("regular empty file", "File")]
    [TestCase("socket", "Socket")]
    [TestCase("character special file", "CharDevice")]
    [TestCase("block special file", "BlockDevice")]
    [TestCase("fifo", "fifo")]
    public void Stats_descriptions_map_to_upstreams_type_names(string description, string type) =>
        Assert.That(HostPathCheck.TypeOf(description), Is.EqualTo(type));

    private static string Failure(string path, string? type) =>
        Assert.ThrowsAsync<VolumeSetUpException>(() => HostPathCheck.CheckAsync(path, type, CancellationToken.None))!.Message;
}
