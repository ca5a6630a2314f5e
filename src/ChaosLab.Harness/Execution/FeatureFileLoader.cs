using System.Globalization;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;
using Io.Cucumber.Messages.Types;
using Reqnroll;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// Parses one feature file with the Gherkin parser and turns it into test cases: one per pickle, that is one per scenario
/// and one per example row. Working from the Gherkin library's pickles keeps the executed steps one-for-one with what the
/// formatters report, and gives outline substitution in text, tables and doc strings for free.
/// </summary>
internal sealed class FeatureFileLoader(IIdGenerator ids, TestNameRegistry names)
{
    private const string IgnoreTag = "ignore";

    public (FeatureDocument? Feature, IReadOnlyList<FeatureTestCase> Cases) Load(string filePath, string sourcePath)
    {
        var text = File.ReadAllText(filePath);
        Gherkin.Ast.GherkinDocument ast;
        try
        {
            ast = new Parser().Parse(new StringReader(text));
        }
        catch (CompositeParserException e)
        {
            return (null, [SyntaxError(sourcePath, e.Errors)]);
        }
        catch (ParserException e)
        {
            return (null, [SyntaxError(sourcePath, [e])]);
        }

        if (ast.Feature is null)
            return (null, []);

        var document = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, sourcePath);
        var pickles = new PickleCompiler(ids).Compile(document);
        var messages = new FeatureMessages(
            new Source(sourcePath, text, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN), document, pickles);
        var feature = document.Feature;
        var featureTags = TagNames(feature.Tags);
        var featureInfo = new FeatureInfo(
            CultureFor(feature.Language),
            FolderOf(sourcePath),
            feature.Name,
            feature.Description ?? "",
            ProgrammingLanguage.CSharp,
            [.. featureTags],
            messages);
        var featureDocument = new FeatureDocument(sourcePath, featureInfo, messages);

        var index = new GherkinDocumentIndex(document);
        var keywords = new StepKeywordResolver(feature.Language);
        var featureName = TestIdentifier.From(feature.Name);
        var cases = new List<FeatureTestCase>(pickles.Count);
        for (var i = 0; i < pickles.Count; i++)
            cases.Add(CaseFor(featureDocument, featureName, featureTags, index, keywords, pickles[i], i));
        return (featureDocument, cases);
    }

    private ScenarioCase CaseFor(
        FeatureDocument feature,
        string featureName,
        IReadOnlyList<string> featureTags,
        GherkinDocumentIndex index,
        StepKeywordResolver keywords,
        Pickle pickle,
        int pickleIndex)
    {
        var (scenario, rule) = index.Scenario(pickle.AstNodeIds[0]);
        var row = pickle.AstNodeIds.Count > 1 ? index.ExampleRow(pickle.AstNodeIds[1]) : null;

        var ruleTags = rule is null ? [] : TagNames(rule.Tags);
        var directTags = TagNames(scenario.Tags).Concat(row is null ? [] : TagNames(row.Examples.Tags)).ToList();
        var categories = pickle.Tags.Select(t => WithoutAt(t.Name)).Distinct(StringComparer.Ordinal).ToList();
        var ignored = categories.Any(c => string.Equals(c, IgnoreTag, StringComparison.OrdinalIgnoreCase));

        var arguments = row is null
            ? []
            : row.Examples.TableHeader.Cells.Zip(row.Row.Cells, (h, v) => new KeyValuePair<string, string>(h.Value, v.Value)).ToList();

        var steps = pickle.Steps.Select(s => StepFor(index, keywords, s)).ToList();

        var name = $"{featureName}.{TestIdentifier.From(scenario.Name)}{row?.NameSuffix}";
        return new ScenarioCase(
            names.Claim(name),
            feature,
            categories,
            ignored ? "Ignored by the @ignore tag" : null,
            scenario.Name,
            scenario.Description ?? "",
            directTags,
            [.. featureTags, .. ruleTags],
            arguments,
            rule is null ? null : new RuleInfo(rule.Name, rule.Description ?? "", [.. ruleTags]),
            pickleIndex,
            (int)(row?.Row.Location.Line ?? scenario.Location.Line),
            steps);
    }

    private static ScenarioStep StepFor(GherkinDocumentIndex index, StepKeywordResolver keywords, PickleStep pickleStep)
    {
        var step = index.Step(pickleStep.AstNodeIds[0]);
        var table = pickleStep.Argument?.DataTable?.Rows
            .Select(r => (IReadOnlyList<string>)r.Cells.Select(c => c.Value).ToList())
            .ToList();
        return new ScenarioStep(
            keywords.Resolve(step.Keyword),
            step.Keyword,
            pickleStep.Text,
            pickleStep.Argument?.DocString?.Content,
            table);
    }

    private FeatureSyntaxErrorCase SyntaxError(string sourcePath, IEnumerable<ParserException> errors)
    {
        var lines = errors.Select(e => $"{sourcePath}:{e.Location?.Line ?? 0}:{e.Location?.Column ?? 0}: {WithoutLocationPrefix(e.Message)}");
        var name = $"{TestIdentifier.From(Path.ChangeExtension(sourcePath, null))}.Gherkin_syntax_error";
        return new FeatureSyntaxErrorCase(names.Claim(name), sourcePath, string.Join(Environment.NewLine, lines));
    }

    // The parser starts its messages with "(line:column): "; the case puts the location in front as path:line:column.
    private static string WithoutLocationPrefix(string message) =>
        message.StartsWith('(') && message.IndexOf("): ", StringComparison.Ordinal) is var end and > 0
            ? message[(end + 3)..]
            : message;

    private static List<string> TagNames(IEnumerable<Tag> tags) => tags.Select(t => WithoutAt(t.Name)).ToList();

    private static string WithoutAt(string tag) => tag.StartsWith('@') ? tag[1..] : tag;

    private static string FolderOf(string sourcePath) =>
        sourcePath.LastIndexOf('/') is var slash and > 0 ? sourcePath[..slash] : "";

    // Reqnroll maps the feature's neutral language ("en") to keywords and a specific culture itself; it needs culture
    // objects, which invariant globalization (this repository's default) refuses unless PredefinedCulturesOnly is false.
    private static CultureInfo CultureFor(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException e)
        {
            throw new InvalidOperationException(
                $"No culture for the feature language '{language}': the test project needs <PredefinedCulturesOnly>false</PredefinedCulturesOnly> " +
                "(or <InvariantGlobalization>false</InvariantGlobalization>) for Reqnroll to run.",
                e);
        }
    }
}
