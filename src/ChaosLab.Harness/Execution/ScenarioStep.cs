namespace ChaosLab.Harness.Execution;

/// <summary>
/// One step as the runtime receives it: outline placeholders already substituted in the text, the doc string and the table.
/// </summary>
/// <param name="Keyword">Which runner method executes the step.</param>
/// <param name="KeywordText">The keyword as written in the feature file, trailing space included ("And ", "* ").</param>
/// <param name="Text">The step text.</param>
/// <param name="DocString">The doc string argument, or null.</param>
/// <param name="Table">The data table argument, first row the header, or null.</param>
public sealed record ScenarioStep(
    StepKeyword Keyword,
    string KeywordText,
    string Text,
    string? DocString,
    IReadOnlyList<IReadOnlyList<string>>? Table);
