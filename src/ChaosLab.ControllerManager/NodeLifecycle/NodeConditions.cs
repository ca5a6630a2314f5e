using k8s.Models;

namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>Node condition helpers and the condition types the lifecycle controller owns when a kubelet goes silent.</summary>
internal static class NodeConditions
{
    public const string Ready = "Ready";

    /// <summary>Set to Unknown when the kubelet stops posting; NetworkUnavailable belongs to the network plugin and is left alone.</summary>
    public static readonly string[] KubeletOwned = [Ready, "MemoryPressure", "DiskPressure", "PIDPressure"];

    public static V1NodeCondition? Get(V1Node node, string type) =>
        node.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Nodes labelled this way are left out of zone disruption counts (upstream's exclude-disruption label).</summary>
    public static bool ExcludedFromDisruption(V1Node node) =>
        node.Metadata.Labels?.ContainsKey("node.kubernetes.io/exclude-disruption") == true;

    /// <summary>The zone key: region and zone labels ("region:zone"); "" when unlabelled.</summary>
    public static string ZoneOf(V1Node node)
    {
        var labels = node.Metadata.Labels;
        var region = labels?.TryGetValue("topology.kubernetes.io/region", out var r) == true ? r : "";
        var zone = labels?.TryGetValue("topology.kubernetes.io/zone", out var z) == true ? z : "";
        return region.Length == 0 && zone.Length == 0 ? "" : $"{region}:{zone}";
    }
}
