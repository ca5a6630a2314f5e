using System.Text;
using ChaosLab.Kubelet.Volumes;

namespace ChaosLab.Kubelet.Tests.Volumes;

[Category("Unit")]
public sealed class AtomicWriterTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDirectory() => _dir = Directory.CreateTempSubdirectory("atomic-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_first_write_puts_the_files_in_a_timestamped_directory_behind_the_data_link()
    {
        var written = AtomicWriter.Write(_dir, Payload(("app.conf", "mode=fast", 420), ("certs/ca.pem", "CA", 256)));

        Assert.That(written, Is.True);
        var data = LinkOf("..data");
        Assert.That(data, Does.Match(@"^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d+$"));
        Assert.That(File.GetUnixFileMode(Path.Combine(_dir, data!)), Is.EqualTo((UnixFileMode)0x1ED), "0755");
        Assert.That(LinkOf("app.conf"), Is.EqualTo("..data/app.conf"));
        Assert.That(LinkOf("certs"), Is.EqualTo("..data/certs"), "one link per top-level name");
        Assert.That(File.ReadAllText(Path.Combine(_dir, "app.conf")), Is.EqualTo("mode=fast"));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "certs", "ca.pem")), Is.EqualTo("CA"));
        Assert.That(Entries(), Is.EquivalentTo(new[] { "..data", data, "app.conf", "certs" }));
    }

    [TestCase(256, UnixFileMode.UserRead)]
    [TestCase(438, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)]
    [TestCase(493, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute)]
    public void Each_file_gets_its_mode_whatever_the_umask(int mode, UnixFileMode expected)
    {
        AtomicWriter.Write(_dir, Payload(("f", "x", mode)));

        Assert.That(File.GetUnixFileMode(Path.Combine(_dir, "..data", "f")), Is.EqualTo(expected));
    }

    [Test]
    public void Writing_what_is_already_there_changes_nothing()
    {
        AtomicWriter.Write(_dir, Payload(("a", "1", 420), ("d/b", "2", 420)));
        var before = LinkOf("..data");

        var written = AtomicWriter.Write(_dir, Payload(("d/b", "2", 420), ("a", "1", 420)));

        Assert.That(written, Is.False);
        Assert.That(LinkOf("..data"), Is.EqualTo(before));
    }

    [Test]
    public void An_update_swaps_in_a_new_directory_removes_dropped_names_and_the_old_directory()
    {
        AtomicWriter.Write(_dir, Payload(("kept", "old", 420), ("dropped", "x", 420), ("nested/dropped", "y", 420), ("mixed/kept", "k", 420), ("mixed/gone", "g", 420)));
        var old = LinkOf("..data");

        var written = AtomicWriter.Write(_dir, Payload(("kept", "new", 420), ("mixed/kept", "k", 420), ("added", "z", 420)));

        Assert.That(written, Is.True);
        var current = LinkOf("..data");
        Assert.That(current, Is.Not.EqualTo(old));
        Assert.That(Entries(), Is.EquivalentTo(new[] { "..data", current, "kept", "mixed", "added" }), "old directory, dropped links and ..data_tmp are gone");
        Assert.That(File.ReadAllText(Path.Combine(_dir, "kept")), Is.EqualTo("new"));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "added")), Is.EqualTo("z"));
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "mixed")).Select(Path.GetFileName), Is.EqualTo(new[] { "kept" }));
    }

    [Test]
    public void A_mode_change_alone_is_written()
    {
        AtomicWriter.Write(_dir, Payload(("f", "x", 420)));

        var written = AtomicWriter.Write(_dir, Payload(("f", "x", 256)));

        Assert.That(written, Is.True);
        Assert.That(File.GetUnixFileMode(Path.Combine(_dir, "f")), Is.EqualTo(UnixFileMode.UserRead));
    }

    [Test]
    public void An_empty_payload_is_an_empty_data_directory()
    {
        AtomicWriter.Write(_dir, Payload(("gone", "x", 420)));

        AtomicWriter.Write(_dir, Payload());

        Assert.That(Entries(), Is.EquivalentTo(new[] { "..data", LinkOf("..data") }));
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(_dir, "..data")), Is.Empty);
    }

    [Test]
    public void A_path_with_redundant_separators_and_dots_is_cleaned()
    {
        AtomicWriter.Write(_dir, Payload(("./conf//app.conf", "x", 420)));

        Assert.That(File.ReadAllText(Path.Combine(_dir, "conf", "app.conf")), Is.EqualTo("x"));
        Assert.That(LinkOf("conf"), Is.EqualTo("..data/conf"));
    }

    // upstream's validatePath.
    [TestCase("", "invalid path: must not be empty")]
    [TestCase("/etc/passwd", "invalid path: must be relative path: /etc/passwd")]
    [TestCase("../escape", "invalid path: must not contain '..': ../escape")]
    [TestCase("a/../../escape", "invalid path: must not contain '..': a/../../escape")]
    [TestCase("..data", "invalid path: must not start with '..': ..data")]
    [TestCase("..hidden/file", "invalid path: must not start with '..': ..hidden/file")]
    public void A_path_upstream_refuses_fails_and_leaves_the_volume_as_it_was(string path, string message)
    {
        AtomicWriter.Write(_dir, Payload(("ok", "kept", 420)));
        var before = LinkOf("..data");

        var ex = Assert.Throws<VolumeSetUpException>(() => AtomicWriter.Write(_dir, Payload(("ok", "changed", 420), (path, "x", 420))))!;

        Assert.That(ex.Message, Is.EqualTo(message));
        Assert.That(LinkOf("..data"), Is.EqualTo(before));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "ok")), Is.EqualTo("kept"));
    }

    [Test]
    public void Names_and_paths_longer_than_linux_allows_are_refused()
    {
        var longName = Assert.Throws<VolumeSetUpException>(() => AtomicWriter.Write(_dir, Payload((new string('n', 256), "x", 420))))!;
        var longPath = Assert.Throws<VolumeSetUpException>(() =>
            AtomicWriter.Write(_dir, Payload((string.Join('/', Enumerable.Repeat(new string('p', 200), 21)), "x", 420))))!;

        Assert.That(longName.Message, Is.EqualTo("invalid path: filenames must be less than or equal to 255 characters"));
        Assert.That(longPath.Message, Is.EqualTo("invalid path: must be less than or equal to 4096 characters"));
    }

    [Test]
    public void A_leading_double_dot_inside_a_name_below_the_top_is_allowed()
    {
        AtomicWriter.Write(_dir, Payload(("dir/..name", "x", 420)));

        Assert.That(File.ReadAllText(Path.Combine(_dir, "dir", "..name")), Is.EqualTo("x"));
    }

    [Test]
    public void The_fingerprint_follows_content_and_mode_but_not_order()
    {
        var one = AtomicWriter.Fingerprint(Payload(("a", "1", 420), ("b", "2", 420)));

        Assert.That(AtomicWriter.Fingerprint(Payload(("b", "2", 420), ("a", "1", 420))), Is.EqualTo(one));
        Assert.That(AtomicWriter.Fingerprint(Payload(("a", "1", 256), ("b", "2", 420))), Is.Not.EqualTo(one));
        Assert.That(AtomicWriter.Fingerprint(Payload(("a", "1", 420), ("b", "3", 420))), Is.Not.EqualTo(one));
        Assert.That(AtomicWriter.Fingerprint(Payload(("a", "12", 420))), Is.Not.EqualTo(AtomicWriter.Fingerprint(Payload(("a1", "2", 420)))));
    }

    private string? LinkOf(string name) => new FileInfo(Path.Combine(_dir, name)).LinkTarget;

    private List<string> Entries() => Directory.EnumerateFileSystemEntries(_dir).Select(e => Path.GetFileName(e)).ToList();

    private static Dictionary<string, FileProjection> Payload(params (string Path, string Data, int Mode)[] files) =>
        files.ToDictionary(f => f.Path, f => new FileProjection(Encoding.UTF8.GetBytes(f.Data), f.Mode));
}
