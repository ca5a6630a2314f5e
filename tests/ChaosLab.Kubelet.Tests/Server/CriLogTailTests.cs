using System.Text;
using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class CriLogTailTests
{
    // Lines that are not records count one each, so a file of plain text tails as plain text.
    [TestCase("a\nb\nc\n", 1, "c\n")]
    [TestCase("a\nb\nc\n", 2, "b\nc\n")]
    [TestCase("a\nb\nc\n", 3, "a\nb\nc\n")]
    [TestCase("a\nb\nc\n", 10, "a\nb\nc\n")]
    [TestCase("a\nb\nc", 1, "c")]
    [TestCase("a\nb\nc", 2, "b\nc")]
    [TestCase("a\n\n", 1, "\n")]
    [TestCase("a\nb\n", 0, "")]
    [TestCase("", 5, "")]
    public void Plain_lines_tail_as_lines(string content, long lines, string expected)
    {
        Assert.That(Tail(content, lines), Is.EqualTo(expected));
    }

    [Test]
    public void Partial_records_and_the_full_one_that_ends_them_are_one_line()
    {
        var content = Cri.Line(1, "one") + Cri.Line(2, "t", tag: "P") + Cri.Line(2, "wo") + Cri.Line(3, "th", tag: "P") + Cri.Line(3, "ree");

        Assert.That(Tail(content, 1), Is.EqualTo(Cri.Line(3, "th", tag: "P") + Cri.Line(3, "ree")));
        Assert.That(Tail(content, 2), Is.EqualTo(Cri.Line(2, "t", tag: "P") + Cri.Line(2, "wo") + Cri.Line(3, "th", tag: "P") + Cri.Line(3, "ree")));
        Assert.That(Tail(content, 3), Is.EqualTo(content));
    }

    [Test]
    public void Partial_records_at_the_end_not_yet_ended_are_the_last_line()
    {
        var content = Cri.Line(1, "one") + Cri.Line(2, "still ", tag: "P") + Cri.Line(2, "writing", tag: "P");

        Assert.That(Tail(content, 1), Is.EqualTo(Cri.Line(2, "still ", tag: "P") + Cri.Line(2, "writing", tag: "P")));
        Assert.That(Tail(content, 2), Is.EqualTo(content));
    }

    [Test]
    public void A_line_that_is_not_a_record_ends_partial_records_before_it()
    {
        var content = Cri.Line(1, "cut ", tag: "P") + "garbage\n" + Cri.Line(2, "two");

        Assert.That(Tail(content, 2), Is.EqualTo("garbage\n" + Cri.Line(2, "two")));
        Assert.That(Tail(content, 3), Is.EqualTo(content));
    }

    [Test]
    public void Tail_works_across_read_chunks_and_long_lines()
    {
        var longLine = string.Concat(Enumerable.Range(0, 5).Select(_ => Cri.Line(1, new string('x', 16 * 1024), tag: "P"))) + Cri.Line(1, "end");
        var content = string.Concat(Enumerable.Range(0, 20_000).Select(i => Cri.Line(0, $"line {i}"))) + longLine + Cri.Line(2, "last");

        Assert.That(Tail(content, 2), Is.EqualTo(longLine + Cri.Line(2, "last")));
        Assert.That(Tail(content, 15_002), Does.StartWith(Cri.Line(0, "line 5000")).And.EndWith(Cri.Line(2, "last")));
    }

    private static string Tail(string content, long lines)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        using var file = new MemoryStream(bytes);
        return Encoding.UTF8.GetString(bytes, (int)CriLogTail.Start(file, lines), bytes.Length - (int)CriLogTail.Start(file, lines));
    }
}
