using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChaosLab.Lab.Mutants;

namespace ChaosLab.Cli.Mutants;

/// <summary>
/// Writes the kill matrix into a report folder: mutants.md (people, pull requests), mutants.json (tools) and
/// mutants.html (one self-contained table), and one line per mutant into the folder's summary.md.
/// </summary>
public static class KillMatrixWriter
{
    public const string MarkdownFile = "mutants.md";
    public const string JsonFile = "mutants.json";
    public const string HtmlFile = "mutants.html";
    public const string SummaryFile = "summary.md";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes the files and returns their paths.</summary>
    public static IReadOnlyList<string> Write(KillMatrix matrix, string folder)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        void Put(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            files.Add(path);
        }
        Put(MarkdownFile, Markdown(matrix));
        Put(JsonFile, JsonText(matrix));
        Put(HtmlFile, Html(matrix));
        var summary = Path.Combine(folder, SummaryFile);
        File.AppendAllText(summary, SummaryLines(matrix));
        files.Add(summary);
        return files;
    }

    /// <summary>One line per mutant, as the summary carries them.</summary>
    public static string SummaryLines(KillMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Mutants: {matrix.CaughtCount} of {matrix.Runs.Count} caught ({Seconds(matrix.Duration)})");
        text.AppendLine();
        foreach (var run in matrix.Runs)
        {
            text.AppendLine(run.FirstCatch is { } c
                ? $"- `{run.Mutant}` ({run.Component}): caught by \"{c.Title}\" at `{c.Step}` ({Seconds(run.Duration)})"
                : $"- `{run.Mutant}` ({run.Component}): **not caught**{(run.Problem is { } p ? $" ({p})" : "")} ({Seconds(run.Duration)})");
        }
        text.AppendLine();
        return text.ToString();
    }

    public static string Markdown(KillMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var text = new StringBuilder();
        text.AppendLine("# Mutants: kill matrix");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Started {matrix.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, took {Seconds(matrix.Duration)}. **{matrix.CaughtCount} of {matrix.Runs.Count} mutants caught.** A scenario catches a mutant when it fails with the mutant in place.");
        text.AppendLine();
        text.AppendLine("| Mutant | Component | Verdict | Caught by | Failing step | Run time |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var run in matrix.Runs)
        {
            var first = run.FirstCatch;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{run.Mutant}` | {run.Component} | {(run.Caught ? "caught" : "**not caught**")} | {Cell(first?.Title ?? run.Problem ?? "")} | {Cell(first?.Step ?? "")} | {Seconds(run.Duration)} |");
        }
        text.AppendLine();
        text.AppendLine("## Mutant × scenario");
        text.AppendLine();
        text.AppendLine("| Scenario | " + string.Join(" | ", matrix.Runs.Select(r => $"`{r.Mutant}`")) + " |");
        text.AppendLine("|---|" + string.Concat(matrix.Runs.Select(_ => "---|")));
        foreach (var (id, feature, title) in matrix.Scenarios)
        {
            text.AppendLine($"| {Cell($"{feature}: {title}")} | " + string.Join(" | ", matrix.Runs.Select(r => Word(KillMatrix.Cell(r, id)))) + " |");
        }
        text.AppendLine();
        text.AppendLine("## What caught each mutant");
        text.AppendLine();
        foreach (var run in matrix.Runs)
        {
            var mutant = MutantCatalog.Find(run.Mutant);
            text.AppendLine(CultureInfo.InvariantCulture, $"### `{run.Mutant}` ({run.Component})");
            text.AppendLine();
            if (mutant is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"Breaks: {mutant.Breaks}. Imitates: {mutant.Imitates}.");
                text.AppendLine();
            }
            var catches = run.Scenarios.Where(s => s.Result == KillResult.Caught).ToList();
            if (catches.Count == 0)
            {
                text.AppendLine(run.Problem is { } problem ? $"Not caught: {problem}." : "Not caught by any scenario that ran.");
            }
            foreach (var c in catches)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {c.Feature}: {c.Title} — `{c.Step}` — {c.Detail}");
            }
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Report: `{run.ReportFolder}`");
            text.AppendLine();
        }
        return text.ToString();
    }

    public static string JsonText(KillMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var document = new
        {
            schemaVersion = 1,
            startedAt = matrix.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            durationSeconds = Math.Round(matrix.Duration.TotalSeconds, 3),
            caught = matrix.CaughtCount,
            mutants = matrix.Runs.Select(r => new
            {
                name = r.Mutant,
                component = r.Component,
                caught = r.Caught,
                caughtBy = r.FirstCatch?.Id,
                durationSeconds = Math.Round(r.Duration.TotalSeconds, 3),
                reportFolder = r.ReportFolder,
                problem = r.Problem,
                scenarios = r.Scenarios.Select(s => new
                {
                    id = s.Id,
                    feature = s.Feature,
                    title = s.Title,
                    result = s.Result switch { KillResult.Caught => "caught", KillResult.NotCaught => "notCaught", _ => "skipped" },
                    step = s.Step,
                    detail = s.Detail,
                }),
            }),
        };
        return JsonSerializer.Serialize(document, Json);
    }

    public static string Html(KillMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Mutants: kill matrix</title><style>");
        html.AppendLine("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}");
        html.AppendLine(".caught{background:#d4f4d4}.notCaught{background:#f8d0d0}.skipped{background:#eee;color:#666}</style></head><body>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<h1>Mutants: kill matrix</h1><p>Started {matrix.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, took {E(Seconds(matrix.Duration))}. <b>{matrix.CaughtCount} of {matrix.Runs.Count} mutants caught.</b></p>");
        html.AppendLine("<table><tr><th>Scenario</th>" + string.Concat(matrix.Runs.Select(r => $"<th class=\"{(r.Caught ? "caught" : "notCaught")}\">{E(r.Mutant)}<br><small>{E(r.Component)}</small></th>")) + "</tr>");
        foreach (var (id, feature, title) in matrix.Scenarios)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(feature)}: {E(title)}</td>");
            foreach (var run in matrix.Runs)
            {
                var cell = KillMatrix.Cell(run, id);
                var css = cell?.Result switch { KillResult.Caught => "caught", KillResult.NotCaught => "notCaught", _ => "skipped" };
                var tip = cell?.Result == KillResult.Caught ? $"{cell.Step}: {cell.Detail}" : cell?.Detail;
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"{css}\" title=\"{E(tip)}\">{E(Word(cell))}{(cell?.Result == KillResult.Caught ? $"<br><small>{E(cell.Step)}</small>" : "")}</td>");
            }
            html.AppendLine("</tr>");
        }
        html.AppendLine("</table>");
        html.AppendLine("<h2>Run per mutant</h2><ul>");
        foreach (var run in matrix.Runs)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<li><b>{E(run.Mutant)}</b>: {(run.Caught ? "caught" : "not caught")} in {E(Seconds(run.Duration))}{(run.Problem is { } p ? $" ({E(p)})" : "")}; report <code>{E(run.ReportFolder)}</code></li>");
        }
        html.AppendLine("</ul></body></html>");
        return html.ToString();
    }

    private static string Word(ScenarioOutcome? cell) => cell?.Result switch
    {
        KillResult.Caught => "caught",
        KillResult.NotCaught => "not caught",
        KillResult.Skipped => "skipped",
        _ => "not run",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";
}
