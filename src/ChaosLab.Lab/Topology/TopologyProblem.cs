namespace ChaosLab.Lab.Topology;

/// <summary>One thing wrong with a topology file, located at the offending key or value (line and column count from 1).</summary>
public sealed record TopologyProblem(string File, int Line, int Column, string Reason)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Reason}";
}
