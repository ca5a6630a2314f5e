using YamlDotNet.Core;

namespace ChaosLab.Lab.Topology;

/// <summary>Checks the etcd layout against the nodes and works out the member count.</summary>
internal static class EtcdRules
{
    /// <summary>The etcd spec; its member count is meaningless when a problem was reported.</summary>
    public static EtcdSpec Check(NodesSection nodes, EtcdSection etcd, TopologyProblemCollector problems)
    {
        if (!nodes.IsComplete || etcd.Layout is not { } layout)
            return new EtcdSpec(etcd.Layout ?? EtcdLayout.Stacked, 0);

        if (!LayoutFitsNodes(layout, nodes, etcd, problems))
            return new EtcdSpec(layout, 0);

        var memberRole = layout == EtcdLayout.Stacked ? NodeRole.ControlPlane : NodeRole.Etcd;
        var derived = nodes.Count(memberRole);
        CheckGivenMembers(etcd, layout, derived, problems);
        if (derived > 0 && etcd.Members != derived)
            CheckOddMemberCount(derived, nodes.CountAt(memberRole), problems);
        return new EtcdSpec(layout, derived);
    }

    private static bool LayoutFitsNodes(EtcdLayout layout, NodesSection nodes, EtcdSection etcd, TopologyProblemCollector problems)
    {
        var etcdNodes = nodes.Count(NodeRole.Etcd);
        if (layout == EtcdLayout.Stacked && etcdNodes > 0)
        {
            problems.Add(nodes.CountAt(NodeRole.Etcd),
                $"{etcdNodes} etcd nodes are declared but etcd.layout is stacked (members run on the control-plane nodes); "
                + "set etcd.layout: external or remove the etcd nodes");
            return false;
        }
        if (layout == EtcdLayout.External && etcdNodes == 0)
        {
            problems.Add(etcd.LayoutAt ?? nodes.At,
                "etcd.layout external runs one member per etcd node but no etcd nodes are declared; add e.g. 'etcd: 3' under nodes");
            return false;
        }
        return true;
    }

    private static void CheckGivenMembers(EtcdSection etcd, EtcdLayout layout, int derived, TopologyProblemCollector problems)
    {
        if (etcd is not { Members: { } given, MembersAt: { } at })
            return;
        CheckOddMemberCount(given, at, problems);
        if (given != derived)
        {
            var rule = layout == EtcdLayout.Stacked ? "stacked runs one per control-plane node" : "external runs one per etcd node";
            problems.Add(at, $"etcd.members is {given} but layout {rule}, which makes {derived}");
        }
    }

    private static void CheckOddMemberCount(int members, Mark at, TopologyProblemCollector problems)
    {
        if (members == 0)
        {
            problems.Add(at, "etcd needs at least 1 member; use an odd member count such as 1, 3 or 5");
        }
        else if (members % 2 == 0)
        {
            problems.Add(at,
                $"etcd would have {members} members, an even count: they tolerate {Failures((members - 1) / 2)}, "
                + $"no more than {Members(members - 1)} would, yet need a larger quorum; use an odd member count");
        }
    }

    private static string Members(int count) => count == 1 ? "1 member" : $"{count} members";

    private static string Failures(int count) => count == 1 ? "1 failure" : $"{count} failures";
}
