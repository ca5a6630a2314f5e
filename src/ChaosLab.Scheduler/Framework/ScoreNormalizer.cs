namespace ChaosLab.Scheduler.Framework;

/// <summary>Upstream's helper.DefaultNormalizeScore: scale so the best node gets 100, optionally reversed.</summary>
public static class ScoreNormalizer
{
    /// <param name="reverse">True when a higher raw score is worse (e.g. a count of untolerated taints).</param>
    public static void Normalize(Span<long> scores, bool reverse)
    {
        long max = 0;
        foreach (var score in scores)
        {
            max = Math.Max(max, score);
        }
        if (max == 0)
        {
            // Nothing to tell the nodes apart: all are equally good (reverse) or equally neutral.
            if (reverse)
            {
                scores.Fill(IScorePlugin.MaxNodeScore);
            }
            return;
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var scaled = IScorePlugin.MaxNodeScore * scores[i] / max;
            scores[i] = reverse ? IScorePlugin.MaxNodeScore - scaled : scaled;
        }
    }
}
