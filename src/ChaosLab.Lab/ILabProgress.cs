namespace ChaosLab.Lab;

/// <summary>How long lab operations tell what they are doing: the CLI shows it with Spectre.Console, tests log it.</summary>
public interface ILabProgress
{
    /// <summary>A named step starts (e.g. "Building node image").</summary>
    void Step(string title);

    /// <summary>A line of detail within the current step.</summary>
    void Detail(string line);

    /// <summary>The current step finished, with how long it took.</summary>
    void Done(string title, TimeSpan elapsed);

    /// <summary>Something went wrong that does not stop the operation (a leftover of another lab that would not go); always shown.</summary>
    void Warning(string line);
}

/// <summary>Progress written as plain lines to a TextWriter (tests, CI logs, --plain).</summary>
public sealed class TextLabProgress(TextWriter writer, bool details = false) : ILabProgress
{
    public static ILabProgress Silent { get; } = new TextLabProgress(TextWriter.Null);

    public void Step(string title) => writer.WriteLine($"[{DateTime.Now:HH:mm:ss}] {title} ...");

    public void Detail(string line)
    {
        if (details)
        {
            writer.WriteLine($"           {line}");
        }
    }

    public void Done(string title, TimeSpan elapsed) => writer.WriteLine($"[{DateTime.Now:HH:mm:ss}] {title}: done in {elapsed.TotalSeconds:0.0} s");

    public void Warning(string line) => writer.WriteLine($"[{DateTime.Now:HH:mm:ss}] warning: {line}");
}
