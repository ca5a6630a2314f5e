using Io.Cucumber.Messages.Types;

namespace ChaosLab.Harness.Execution;

/// <summary>Looks up the scenarios, steps and example rows of a Cucumber-messages Gherkin document by the ids that pickles refer to.</summary>
internal sealed class GherkinDocumentIndex
{
    private readonly Dictionary<string, (Scenario Scenario, Rule? Rule)> _scenarios = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Step> _steps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExampleRow> _rows = new(StringComparer.Ordinal);

    public GherkinDocumentIndex(GherkinDocument document)
    {
        foreach (var child in document.Feature.Children)
        {
            if (child.Background is { } background)
                AddSteps(background.Steps);
            if (child.Scenario is { } scenario)
                AddScenario(scenario, rule: null);
            if (child.Rule is { } rule)
            {
                foreach (var ruleChild in rule.Children)
                {
                    if (ruleChild.Background is { } ruleBackground)
                        AddSteps(ruleBackground.Steps);
                    if (ruleChild.Scenario is { } ruleScenario)
                        AddScenario(ruleScenario, rule);
                }
            }
        }
    }

    public (Scenario Scenario, Rule? Rule) Scenario(string id) => _scenarios[id];

    public Step Step(string id) => _steps[id];

    public ExampleRow ExampleRow(string id) => _rows[id];

    private void AddScenario(Scenario scenario, Rule? rule)
    {
        _scenarios[scenario.Id] = (scenario, rule);
        AddSteps(scenario.Steps);

        var rows = scenario.Examples
            .Where(e => e.TableHeader is not null)
            .SelectMany(e => e.TableBody.Select(r => (Examples: e, Row: r)))
            .ToList();
        var firstColumn = rows.Select(r => r.Row.Cells.Count > 0 ? TestIdentifier.From(r.Row.Cells[0].Value) : "").ToList();
        // The first column names the row when it tells the rows apart; otherwise rows are numbered.
        var namedByFirstColumn = firstColumn.All(v => v.Length > 0 && v != "_")
            && firstColumn.Distinct(StringComparer.Ordinal).Count() == firstColumn.Count;
        for (var i = 0; i < rows.Count; i++)
        {
            var suffix = namedByFirstColumn ? $"_{firstColumn[i].TrimStart('_')}" : $"_row{i + 1}";
            _rows[rows[i].Row.Id] = new ExampleRow(rows[i].Examples, rows[i].Row, suffix);
        }
    }

    private void AddSteps(IEnumerable<Step> steps)
    {
        foreach (var step in steps)
            _steps[step.Id] = step;
    }
}
