using Gherkin;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// Maps a step's written keyword to the runner method the way Reqnroll's own parser does, so that <c>And</c>, <c>But</c>
/// and <c>*</c> keep their meaning and the runtime tracks Given/When/Then blocks itself.
/// </summary>
internal sealed class StepKeywordResolver
{
    private static readonly GherkinDialectProvider Dialects = new("en");

    private readonly GherkinDialect _dialect;

    public StepKeywordResolver(string language)
    {
        _dialect = Dialects.GetDialect(language, null);
    }

    public StepKeyword Resolve(string keywordText)
    {
        // "And" first: the dialects list "* " among the Given, When and Then keywords too.
        if (_dialect.AndStepKeywords.Contains(keywordText))
            return StepKeyword.And;
        if (_dialect.GivenStepKeywords.Contains(keywordText))
            return StepKeyword.Given;
        if (_dialect.WhenStepKeywords.Contains(keywordText))
            return StepKeyword.When;
        if (_dialect.ThenStepKeywords.Contains(keywordText))
            return StepKeyword.Then;
        if (_dialect.ButStepKeywords.Contains(keywordText))
            return StepKeyword.But;
        return StepKeyword.And;
    }
}
