using Io.Cucumber.Messages.Types;

namespace ChaosLab.Harness.Execution;

/// <summary>One row of an Examples table, with the suffix that tells its test name apart from its siblings'.</summary>
internal sealed record ExampleRow(Examples Examples, TableRow Row, string NameSuffix);
