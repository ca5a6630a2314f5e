using ChaosLab.Lab;

namespace ChaosLab.Harness.Clusters;

/// <summary>Lab progress (image builds and loads before a run) as lines of the harness log.</summary>
public sealed class LogLabProgress(Action<string> log) : ILabProgress
{
    public void Step(string title) => log($"{title} ...");

    public void Detail(string line) => log($"  {line}");

    public void Done(string title, TimeSpan elapsed) => log($"{title}: done in {elapsed.TotalSeconds:0.0} s");

    public void Warning(string line) => log($"warning: {line}");
}
