using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using ChaosLab.Features.Steps;
using Reqnroll;

namespace ChaosLab.Features;

/// <summary>
/// The step catalog (features/STEPS.md) is generated from the bindings, so it stays true: every step
/// has an example that its own expression matches, and the committed file equals the generated one.
/// Regenerate with CHAOSLAB_UPDATE_STEPS=1 dotnet test --filter StepCatalog.
/// </summary>
[Category("Unit")]
public sealed partial class StepCatalogTests
{
    private static readonly string CatalogPath = Path.Combine(Lab.RepositoryFiles.Root, "features", "STEPS.md");

    [Test]
    public void Every_step_has_an_example_its_expression_matches()
    {
        var problems = new List<string>();
        foreach (var step in Steps())
        {
            if (step.Examples.Count == 0)
            {
                problems.Add($"{step.Method}: no [StepExample]");
            }
            foreach (var example in step.Examples)
            {
                var text = example[(example.IndexOf(' ', StringComparison.Ordinal) + 1)..];
                if (!ToRegex(step.Expression).IsMatch(text))
                {
                    problems.Add($"{step.Method}: example \"{example}\" does not match \"{step.Expression}\"");
                }
            }
        }
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void The_committed_catalog_is_the_generated_one()
    {
        var generated = Generate();
        if (Environment.GetEnvironmentVariable("CHAOSLAB_UPDATE_STEPS") == "1")
        {
            File.WriteAllText(CatalogPath, generated);
        }
        var committed = File.Exists(CatalogPath) ? File.ReadAllText(CatalogPath) : "";
        Assert.That(committed, Is.EqualTo(generated),
            "features/STEPS.md is out of date: run `CHAOSLAB_UPDATE_STEPS=1 dotnet test tests/ChaosLab.Features --filter StepCatalog` and commit it");
    }

    private sealed record Step(string Keyword, string Expression, string Domain, string Method, IReadOnlyList<string> Examples);

    private static IEnumerable<Step> Steps() =>
        typeof(StepCatalogTests).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<BindingAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .SelectMany(t => t.GetMethods().SelectMany(m => m.GetCustomAttributes<StepDefinitionBaseAttribute>().Select(a => new Step(
                a.GetType().Name.Replace("Attribute", "", StringComparison.Ordinal),
                a.Expression,
                t.Name.Replace("Steps", "", StringComparison.Ordinal),
                $"{t.Name}.{m.Name}",
                m.GetCustomAttributes<StepExampleAttribute>().Select(e => e.Example).ToList()))));

    private static string Generate()
    {
        var md = new StringBuilder();
        md.AppendLine("# Step catalog");
        md.AppendLine();
        md.AppendLine("Generated from the step bindings in `tests/ChaosLab.Features/Steps` (do not edit by hand; see StepCatalogTests).");
        md.AppendLine("`{string}` is a quoted text, `{int}` a whole number, `{word}` one word. Faults wait until their effect is proven and are healed at the end of every scenario.");
        foreach (var domain in Steps().GroupBy(s => s.Domain))
        {
            md.AppendLine();
            md.AppendLine($"## {Regex.Replace(domain.Key, "(?<=[a-z])(?=[A-Z])", " ")}");
            md.AppendLine();
            md.AppendLine("| Step | Example |");
            md.AppendLine("|---|---|");
            foreach (var step in domain)
            {
                md.AppendLine($"| {step.Keyword} {step.Expression.Replace("|", "\\|", StringComparison.Ordinal)} | `{string.Join("`<br>`", step.Examples)}` |");
            }
        }
        return md.ToString();
    }

    private static Regex ToRegex(string expression)
    {
        var pattern = Regex.Escape(expression)
            .Replace(@"\{string}", "\"[^\"]*\"", StringComparison.Ordinal)
            .Replace(@"\{int}", @"-?\d+", StringComparison.Ordinal)
            .Replace(@"\{word}", @"[^\s]+", StringComparison.Ordinal);
        return new Regex("^" + pattern + "$");
    }
}
