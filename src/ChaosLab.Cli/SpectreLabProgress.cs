using ChaosLab.Lab;
using Spectre.Console;

namespace ChaosLab.Cli;

/// <summary>Shows lab progress as a live spinner with the current step and detail, and a line per finished step.</summary>
internal sealed class SpectreLabProgress(StatusContext? status) : ILabProgress
{
    private string _current = "";

    public void Step(string title)
    {
        _current = title;
        if (status is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]…[/] {title}");
            return;
        }
        status.Status(Markup.Escape(title));
    }

    public void Detail(string line)
    {
        if (status is not null)
        {
            var shortLine = line.Length > 70 ? line[..70] + "…" : line;
            status.Status($"{Markup.Escape(_current)} [grey]{Markup.Escape(shortLine)}[/]");
        }
    }

    public void Done(string title, TimeSpan elapsed) =>
        AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {title} [grey]({elapsed.TotalSeconds:0.0} s)[/]");

    public void Warning(string line) => AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {line}");

    /// <summary>Runs work under a spinner when the terminal is interactive, with plain lines otherwise.</summary>
    public static async Task<T> RunAsync<T>(Func<ILabProgress, Task<T>> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new SpectreLabProgress(null));
        }
        return await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync("Starting", ctx => work(new SpectreLabProgress(ctx)));
    }
}
