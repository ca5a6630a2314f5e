using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>Gathers the problems of one topology file so that all of them are reported at once.</summary>
internal sealed class TopologyProblemCollector(string file)
{
    private readonly List<TopologyProblem> problems = [];

    public bool Any => problems.Count > 0;

    public void Add(Mark at, string reason) => problems.Add(new TopologyProblem(file, (int)at.Line, (int)at.Column, reason));

    public void Add(YamlNode at, string reason) => Add(at.Start, reason);

    public TopologyException ToException() =>
        new(problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList());
}
