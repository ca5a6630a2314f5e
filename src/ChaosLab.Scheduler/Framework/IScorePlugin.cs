namespace ChaosLab.Scheduler.Framework;

/// <summary>
/// A preference among the nodes that passed every filter (upstream's ScorePlugin + ScoreExtensions).
/// <see cref="Score"/> rates one node; <see cref="NormalizeScores"/> then maps the raw scores of all
/// feasible nodes into 0..<see cref="MaxNodeScore"/>; the result is multiplied by <see cref="Weight"/>.
/// </summary>
public interface IScorePlugin
{
    const long MaxNodeScore = 100;

    string Name { get; }

    int Weight { get; }

    long Score(PodInfo pod, NodeInfo node);

    /// <summary>Rescales raw scores in place; the default assumes they are already 0..100.</summary>
    void NormalizeScores(PodInfo pod, Span<long> scores)
    {
    }
}
