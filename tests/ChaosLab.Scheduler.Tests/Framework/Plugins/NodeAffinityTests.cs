using ChaosLab.Scheduler.Framework;
using ChaosLab.Scheduler.Framework.Plugins;
using k8s.Models;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework.Plugins;

[Category("Unit")]
public sealed class NodeAffinityTests
{
    private readonly NodeAffinity _plugin = new();
    private readonly NodeInfo _ssdNode = NodeInfo(Node("n", labels: new Dictionary<string, string> { ["disk"] = "ssd", ["zone"] = "a" }));

    [Test]
    public void A_node_selector_that_does_not_match_gives_upstreams_reason() =>
        Assert.That(_plugin.Filter(Info(Pod("p", nodeSelector: new Dictionary<string, string> { ["disk"] = "hdd" })), _ssdNode).Reasons,
            Is.EqualTo(new[] { "node(s) didn't match Pod's node affinity/selector" }));

    [Test]
    public void A_matching_node_selector_passes() =>
        Assert.That(_plugin.Filter(Info(Pod("p", nodeSelector: new Dictionary<string, string> { ["disk"] = "ssd" })), _ssdNode).IsSuccess, Is.True);

    [TestCase("In", new[] { "ssd", "nvme" }, true)]
    [TestCase("In", new[] { "hdd" }, false)]
    [TestCase("NotIn", new[] { "hdd" }, true)]
    [TestCase("NotIn", new[] { "ssd" }, false)]
    [TestCase("Exists", new string[0], true)]
    [TestCase("DoesNotExist", new string[0], false)]
    public void Required_match_expressions_on_the_disk_label(string op, string[] values, bool fits)
    {
        var pod = Pod("p", affinity: Required(new V1NodeSelectorRequirement { Key = "disk", OperatorProperty = op, Values = values }));

        Assert.That(_plugin.Filter(Info(pod), _ssdNode).IsSuccess, Is.EqualTo(fits));
    }

    [Test]
    public void NotIn_and_DoesNotExist_match_a_node_without_the_label()
    {
        var pod = Pod("p", affinity: Required(
            new V1NodeSelectorRequirement { Key = "gpu", OperatorProperty = "DoesNotExist" },
            new V1NodeSelectorRequirement { Key = "gpu", OperatorProperty = "NotIn", Values = ["true"] }));

        Assert.That(_plugin.Filter(Info(pod), _ssdNode).IsSuccess, Is.True);
    }

    [Test]
    public void Terms_are_ORed()
    {
        var affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm { MatchExpressions = [new() { Key = "zone", OperatorProperty = "In", Values = ["b"] }] },
                        new V1NodeSelectorTerm { MatchExpressions = [new() { Key = "zone", OperatorProperty = "In", Values = ["a"] }] },
                    ],
                },
            },
        };

        Assert.That(_plugin.Filter(Info(Pod("p", affinity: affinity)), _ssdNode).IsSuccess, Is.True);
    }

    [Test]
    public void Preferred_terms_score_by_weight()
    {
        var affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PreferredSchedulingTerm
                    {
                        Weight = 5,
                        Preference = new V1NodeSelectorTerm { MatchExpressions = [new() { Key = "disk", OperatorProperty = "In", Values = ["ssd"] }] },
                    },
                ],
            },
        };
        var pod = Info(Pod("p", affinity: affinity));
        long[] scores = [_plugin.Score(pod, _ssdNode), _plugin.Score(pod, NodeInfo(Node("plain")))];

        ((IScorePlugin)_plugin).NormalizeScores(pod, scores);

        Assert.That(scores, Is.EqualTo(new long[] { 100, 0 }));
    }

    private static V1Affinity Required(params V1NodeSelectorRequirement[] expressions) => new()
    {
        NodeAffinity = new V1NodeAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = expressions }] },
        },
    };
}
