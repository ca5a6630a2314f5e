using System.Text;
using ChaosLab.Kubelet.Server;

namespace ChaosLab.Kubelet.Tests.Server;

[Category("Unit")]
public sealed class CriLogWriterTests
{
    private const string Log =
        "2025-01-01T10:00:01.5Z stdout P a long \n2025-01-01T10:00:01.6Z stdout F line\n"
        + "2025-01-01T10:00:02Z stderr F \n" + "not a record\n" + "2025-01-01T10:00:03Z stdout F last";

    [Test]
    public async Task Gives_the_same_output_however_the_file_is_cut_into_pieces()
    {
        var whole = await RunAsync(Encoding.UTF8.GetBytes(Log).Length);

        Assert.That(whole, Is.EqualTo("2025-01-01T10:00:01.500000000Z a long line\n2025-01-01T10:00:02.000000000Z \nnot a record\n2025-01-01T10:00:03.000000000Z last"));
        foreach (var size in new[] { 1, 2, 3, 7, 20, 41 })
        {
            Assert.That(await RunAsync(size), Is.EqualTo(whole), $"pieces of {size} bytes");
        }
    }

    [Test]
    public async Task A_header_longer_than_any_record_header_is_not_a_record()
    {
        var line = new string('x', CriLogParser.MaxHeaderLength + 10) + " a b c\n";
        var writer = new CriLogWriter(timestamps: true, since: null, limitBytes: null);

        writer.Write(Encoding.UTF8.GetBytes(line));
        writer.Complete();

        Assert.That(await DrainAsync(writer), Is.EqualTo(line));
    }

    private static async Task<string> RunAsync(int pieceSize)
    {
        var writer = new CriLogWriter(timestamps: true, since: null, limitBytes: null);
        var bytes = Encoding.UTF8.GetBytes(Log);
        for (var i = 0; i < bytes.Length; i += pieceSize)
        {
            writer.Write(bytes.AsSpan(i, Math.Min(pieceSize, bytes.Length - i)));
        }
        writer.Complete();
        return await DrainAsync(writer);
    }

    private static async Task<string> DrainAsync(CriLogWriter writer)
    {
        using var output = new MemoryStream();
        await writer.DrainAsync(output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
