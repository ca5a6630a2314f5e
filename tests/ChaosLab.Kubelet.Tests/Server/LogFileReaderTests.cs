using System.Text;
using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class LogFileReaderTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDirectory() => _dir = Directory.CreateTempSubdirectory("logs-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [TestCase("a\nb\nc\n", 1, "c\n")]
    [TestCase("a\nb\nc\n", 2, "b\nc\n")]
    [TestCase("a\nb\nc\n", 3, "a\nb\nc\n")]
    [TestCase("a\nb\nc\n", 10, "a\nb\nc\n")]
    [TestCase("a\nb\nc", 1, "c")]
    [TestCase("a\nb\nc", 2, "b\nc")]
    [TestCase("a\n\n", 1, "\n")]
    [TestCase("a\nb\n", 0, "")]
    [TestCase("", 5, "")]
    public void Tail_starts_at_the_last_lines(string content, long lines, string expected)
    {
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(content));

        var start = LogFileReader.TailStart(file, lines);

        Assert.That(content[(int)start..], Is.EqualTo(expected));
    }

    [Test]
    public void Tail_works_across_read_chunks()
    {
        var content = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n"));
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(content));

        var start = LogFileReader.TailStart(file, 15_000);

        Assert.That(content[(int)start..], Does.StartWith("line 5000\n").And.EndWith("line 19999\n"));
    }

    [Test]
    public async Task Copy_applies_tail_then_limit()
    {
        var path = Write("one\ntwo\nthree\n");

        Assert.That(await CopyAsync(path, new ContainerLogQuery(false, false, TailLines: 2, LimitBytes: null)), Is.EqualTo("two\nthree\n"));
        Assert.That(await CopyAsync(path, new ContainerLogQuery(false, false, TailLines: 2, LimitBytes: 5)), Is.EqualTo("two\nt"));
        Assert.That(await CopyAsync(path, new ContainerLogQuery(false, false, null, null)), Is.EqualTo("one\ntwo\nthree\n"));
    }

    [Test]
    public async Task A_missing_file_is_an_empty_log()
    {
        Assert.That(await CopyAsync(Path.Combine(_dir, "none.log"), new ContainerLogQuery(false, false, null, null)), Is.Empty);
    }

    [Test]
    public async Task Follow_streams_appended_lines_and_ends_once_the_writer_has_exited_and_all_is_read()
    {
        var path = Write("first\n");
        var running = true;
        using var output = new MemoryStream();
        var copy = LogFileReader.CopyAsync(path, new ContainerLogQuery(Follow: true, false, null, null), output, () => Volatile.Read(ref running),
            TimeSpan.FromMilliseconds(10), CancellationToken.None);

        await Task.Delay(100);
        Assert.That(copy.IsCompleted, Is.False, "following ended while the writer runs");
        await File.AppendAllTextAsync(path, "second\n");
        await File.AppendAllTextAsync(path, "last words\n");
        Volatile.Write(ref running, false);

        await copy.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("first\nsecond\nlast words\n"));
    }

    [Test]
    public async Task Follow_ends_when_the_client_goes_away()
    {
        var path = Write("x\n");
        using var cts = new CancellationTokenSource();
        using var output = new MemoryStream();
        var copy = LogFileReader.CopyAsync(path, new ContainerLogQuery(Follow: true, false, null, null), output, () => true, TimeSpan.FromMilliseconds(10), cts.Token);

        await cts.CancelAsync();

        Assert.That(async () => await copy.WaitAsync(TimeSpan.FromSeconds(5)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Follow_with_a_limit_stops_at_the_limit()
    {
        var path = Write("0123456789");
        using var output = new MemoryStream();

        await LogFileReader.CopyAsync(path, new ContainerLogQuery(Follow: true, false, null, LimitBytes: 4), output, () => true, TimeSpan.FromMilliseconds(10), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("0123"));
    }

    private string Write(string content)
    {
        var path = Path.Combine(_dir, "0.log");
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<string> CopyAsync(string path, ContainerLogQuery query)
    {
        using var output = new MemoryStream();
        await LogFileReader.CopyAsync(path, query, output, () => false, TimeSpan.FromMilliseconds(10), CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
