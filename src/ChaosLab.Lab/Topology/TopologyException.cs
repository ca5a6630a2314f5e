namespace ChaosLab.Lab.Topology;

/// <summary>
/// A topology file that cannot be used. Carries every problem found in the file;
/// <see cref="File"/>, <see cref="Line"/>, <see cref="Column"/> and <see cref="Reason"/> are those of the first.
/// The message lists the problems one per line as <c>file:line:column: reason</c>.
/// </summary>
public sealed class TopologyException : Exception
{
    public TopologyException(TopologyProblem problem)
        : this([problem])
    {
    }

    public TopologyException(IReadOnlyList<TopologyProblem> problems)
        : base(FormatMessage(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<TopologyProblem> Problems { get; }

    public string File => Problems[0].File;

    public int Line => Problems[0].Line;

    public int Column => Problems[0].Column;

    public string Reason => Problems[0].Reason;

    private static string FormatMessage(IReadOnlyList<TopologyProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return string.Join('\n', problems);
    }
}
