using System.Text;
using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class LogFileReaderTests
{
    private static readonly ContainerLogQuery All = new(Follow: false, Previous: false, TailLines: null, LimitBytes: null);
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 10, 1, 0, TimeSpan.Zero);

    private string _dir = "";

    [SetUp]
    public void MakeDirectory() => _dir = Directory.CreateTempSubdirectory("logs-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Plain_records_give_their_contents()
    {
        var path = Write(Cri.Line(1, "one"), Cri.Line(2, "two"), Cri.Line(3, ""));

        Assert.That(await CopyAsync(path, All), Is.EqualTo("one\ntwo\n\n"));
    }

    [Test]
    public async Task Partial_records_are_joined_into_their_line()
    {
        var path = Write(Cri.Line(1, "a long ", tag: "P"), Cri.Line(1, "line, ", tag: "P"), Cri.Line(1, "ended"), Cri.Line(2, "next"));

        Assert.That(await CopyAsync(path, All), Is.EqualTo("a long line, ended\nnext\n"));
    }

    [Test]
    public async Task Stdout_and_stderr_go_out_in_file_order()
    {
        var path = Write(Cri.Line(1, "out 1"), Cri.Line(2, "err 1", "stderr"), Cri.Line(3, "out 2"), Cri.Line(4, "err 2", "stderr"));

        Assert.That(await CopyAsync(path, All), Is.EqualTo("out 1\nerr 1\nout 2\nerr 2\n"));
    }

    [Test]
    public async Task Records_are_joined_in_file_order_whatever_their_stream_as_upstream_does()
    {
        var path = Write(Cri.Line(1, "out part ", tag: "P"), Cri.Line(2, "err line", "stderr"), Cri.Line(3, "out end"));

        Assert.That(await CopyAsync(path, All with { Timestamps = true }),
            Is.EqualTo($"{Cri.Shown(1)} out part err line\n{Cri.Shown(3)} out end\n"));
    }

    [Test]
    public async Task Timestamps_prefix_each_line_with_its_first_records_time_in_upstreams_fixed_form()
    {
        var path = Write(
            Cri.Line(1, "one"),
            Cri.Line(2, "joined ", tag: "P"),
            Cri.Line(3, "line"),
            "2025-01-01T12:00:04.5+02:00 stderr F shifted\n",
            "2025-01-01T10:00:05Z stdout F whole\n");

        Assert.That(await CopyAsync(path, All with { Timestamps = true }), Is.EqualTo(
            $"{Cri.Shown(1)} one\n{Cri.Shown(2)} joined line\n"
            + "2025-01-01T12:00:04.500000000+02:00 shifted\n2025-01-01T10:00:05.000000000Z whole\n"));
    }

    [Test]
    public async Task SinceSeconds_leaves_out_older_lines_counting_from_the_request()
    {
        var path = Write(Cri.Line(0, "old"), Cri.Line(29, "still old"), Cri.Line(30, "at the bound"), Cri.Line(59, "new"));

        // Now is 10:01:00; 30 seconds back is 10:00:30, and Cri.Line(30) is 10:00:30.123456789.
        Assert.That(await CopyAsync(path, All with { SinceSeconds = 30 }, Now), Is.EqualTo("at the bound\nnew\n"));
        Assert.That(await CopyAsync(path, All with { SinceSeconds = 30 }, Now.AddSeconds(30)), Is.Empty);
    }

    [Test]
    public async Task SinceTime_leaves_out_older_lines_and_keeps_a_line_at_the_bound()
    {
        var path = Write(Cri.Line(1, "old"), "2025-01-01T10:00:02Z stdout F at\n", Cri.Line(3, "new"));

        var query = All with { SinceTime = new DateTimeOffset(2025, 1, 1, 10, 0, 2, TimeSpan.Zero) };

        Assert.That(await CopyAsync(path, query), Is.EqualTo("at\nnew\n"));
    }

    [Test]
    public async Task Since_keeps_or_leaves_a_joined_line_whole_by_its_first_record()
    {
        var path = Write(Cri.Line(1, "begun before ", tag: "P"), Cri.Line(5, "the bound"), Cri.Line(6, "begun after ", tag: "P"), Cri.Line(7, "it"));

        var query = All with { SinceTime = new DateTimeOffset(2025, 1, 1, 10, 0, 3, TimeSpan.Zero), Timestamps = true };

        Assert.That(await CopyAsync(path, query), Is.EqualTo($"{Cri.Shown(6)} begun after it\n"));
    }

    [Test]
    public async Task Tail_counts_joined_lines()
    {
        var path = Write(Cri.Line(1, "one"), Cri.Line(2, "t", tag: "P"), Cri.Line(2, "w", tag: "P"), Cri.Line(2, "o"), Cri.Line(3, "three"));

        Assert.That(await CopyAsync(path, All with { TailLines = 1 }), Is.EqualTo("three\n"));
        Assert.That(await CopyAsync(path, All with { TailLines = 2 }), Is.EqualTo("two\nthree\n"));
        Assert.That(await CopyAsync(path, All with { TailLines = 3 }), Is.EqualTo("one\ntwo\nthree\n"));
        Assert.That(await CopyAsync(path, All with { TailLines = 10 }), Is.EqualTo("one\ntwo\nthree\n"));
        Assert.That(await CopyAsync(path, All with { TailLines = 0 }), Is.Empty);
    }

    [Test]
    public async Task Tail_then_since_then_limit()
    {
        var path = Write(Cri.Line(1, "one"), Cri.Line(2, "two"), Cri.Line(3, "three"), Cri.Line(4, "four"));
        var query = All with { TailLines = 3, SinceTime = new DateTimeOffset(2025, 1, 1, 10, 0, 3, TimeSpan.Zero) };

        Assert.That(await CopyAsync(path, query), Is.EqualTo("three\nfour\n"));
        Assert.That(await CopyAsync(path, query with { LimitBytes = 8 }), Is.EqualTo("three\nfo"));
    }

    [Test]
    public async Task Limit_counts_the_bytes_written_timestamps_included()
    {
        var path = Write(Cri.Line(1, "one"), Cri.Line(2, "two"));
        var firstLine = $"{Cri.Shown(1)} one\n";

        Assert.That(await CopyAsync(path, All with { LimitBytes = 5 }), Is.EqualTo("one\nt"));
        Assert.That(await CopyAsync(path, All with { Timestamps = true, LimitBytes = firstLine.Length + 4 }), Is.EqualTo(firstLine + "2025"));
    }

    [Test]
    public async Task Lines_that_are_not_records_go_out_as_they_are()
    {
        var path = Write(
            Cri.Line(1, "before"),
            "no timestamp here\n",
            "2025-01-01T10:00:02Z stdin F unknown stream\n",
            "2025-01-01T10:00:02Z stdout F\n",
            "\n",
            Cri.Line(3, "after"),
            "cut sho");

        Assert.That(await CopyAsync(path, All with { Timestamps = true }), Is.EqualTo(
            $"{Cri.Shown(1)} before\nno timestamp here\n2025-01-01T10:00:02Z stdin F unknown stream\n2025-01-01T10:00:02Z stdout F\n\n"
            + $"{Cri.Shown(3)} after\ncut sho"));
        Assert.That(await CopyAsync(path, All with { TailLines = 3 }), Is.EqualTo("\nafter\ncut sho"));
    }

    [Test]
    public async Task A_line_that_is_not_a_record_is_judged_by_the_record_before_it_for_since()
    {
        var path = Write("garbage first\n", Cri.Line(1, "old"), "old garbage\n", Cri.Line(5, "new"), "new garbage\n");

        var query = All with { SinceTime = new DateTimeOffset(2025, 1, 1, 10, 0, 3, TimeSpan.Zero) };

        Assert.That(await CopyAsync(path, query), Is.EqualTo("garbage first\nnew\nnew garbage\n"));
    }

    [Test]
    public async Task A_last_record_without_its_newline_gives_its_content_as_it_is()
    {
        var path = Write(Cri.Line(1, "one"), Cri.Line(2, "two")[..^1]);

        Assert.That(await CopyAsync(path, All), Is.EqualTo("one\ntwo"));
    }

    [Test]
    public async Task A_missing_file_is_an_empty_log()
    {
        Assert.That(await CopyAsync(Path.Combine(_dir, "none.log"), All), Is.Empty);
    }

    [Test]
    public async Task Follow_streams_appended_records_and_ends_once_the_container_has_exited_and_all_is_read()
    {
        var path = Write(Cri.Line(1, "first"));
        var running = true;
        using var output = new MemoryStream();
        var copy = LogFileReader.CopyAsync(path, All with { Follow = true, Timestamps = true }, output, () => Volatile.Read(ref running),
            TimeSpan.FromMilliseconds(10), CancellationToken.None);

        await Task.Delay(100);
        Assert.That(copy.IsCompleted, Is.False, "following ended while the container runs");
        var joined = Cri.Line(2, "second, ", tag: "P") + Cri.Line(2, "joined") + Cri.Line(3, "last words", "stderr");
        // Appended in pieces, one cut inside a header: the follower waits for the rest of it.
        await File.AppendAllTextAsync(path, joined[..10]);
        await Task.Delay(50);
        await File.AppendAllTextAsync(path, joined[10..40]);
        await Task.Delay(50);
        await File.AppendAllTextAsync(path, joined[40..]);
        Volatile.Write(ref running, false);

        await copy.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(Encoding.UTF8.GetString(output.ToArray()),
            Is.EqualTo($"{Cri.Shown(1)} first\n{Cri.Shown(2)} second, joined\n{Cri.Shown(3)} last words\n"));
    }

    [Test]
    public async Task Follow_waits_for_a_file_that_does_not_exist_yet()
    {
        var path = Path.Combine(_dir, "0.log");
        var running = true;
        using var output = new MemoryStream();
        var copy = LogFileReader.CopyAsync(path, All with { Follow = true }, output, () => Volatile.Read(ref running),
            TimeSpan.FromMilliseconds(10), CancellationToken.None);

        await Task.Delay(50);
        await File.WriteAllTextAsync(path, Cri.Line(1, "hello"));
        await Task.Delay(50);
        Volatile.Write(ref running, false);

        await copy.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("hello\n"));
    }

    [Test]
    public async Task Follow_ends_when_the_client_goes_away()
    {
        var path = Write(Cri.Line(1, "x"));
        using var cts = new CancellationTokenSource();
        using var output = new MemoryStream();
        var copy = LogFileReader.CopyAsync(path, All with { Follow = true }, output, () => true, TimeSpan.FromMilliseconds(10), cts.Token);

        await cts.CancelAsync();

        Assert.That(async () => await copy.WaitAsync(TimeSpan.FromSeconds(5)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Follow_with_a_limit_stops_at_the_limit()
    {
        var path = Write(Cri.Line(1, "0123456789"));
        using var output = new MemoryStream();

        await LogFileReader.CopyAsync(path, All with { Follow = true, LimitBytes = 4 }, output, () => true, TimeSpan.FromMilliseconds(10), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("0123"));
    }

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_dir, "0.log");
        File.WriteAllText(path, string.Concat(lines));
        return path;
    }

    private static async Task<string> CopyAsync(string path, ContainerLogQuery query, DateTimeOffset? now = null)
    {
        using var output = new MemoryStream();
        await LogFileReader.CopyAsync(path, query, output, () => false, TimeSpan.FromMilliseconds(10), new FixedClock(now ?? Now), CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
