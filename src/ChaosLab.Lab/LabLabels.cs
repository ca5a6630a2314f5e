namespace ChaosLab.Lab;

/// <summary>
/// Labels on every Docker object the lab creates. The reaper and `clean` find leftovers by them,
/// so nothing the lab makes is ever unlabelled.
/// </summary>
public static class LabLabels
{
    /// <summary>Present on everything a lab creates; the value is the lab name.</summary>
    public const string Lab = "io.chaoslab.lab";

    /// <summary>Unique per `up`, so a new lab of the same name is never mistaken for an old one.</summary>
    public const string LabId = "io.chaoslab.lab-id";

    /// <summary>PID and start time of the process that created the lab ("1234@567890").</summary>
    public const string Owner = "io.chaoslab.owner";

    /// <summary>
    /// The lab's folder on the host ($CHAOSLAB_HOME/labs/NAME), where its state lives: a reaper running under another
    /// CHAOSLAB_HOME reads the lab's state there instead of taking the lab for a crashed run's leftover.
    /// </summary>
    public const string Folder = "io.chaoslab.lab-folder";

    public const string Node = "io.chaoslab.node";
    public const string Role = "io.chaoslab.role";

    /// <summary>On the node image (not a lab object: it is a cache shared by labs).</summary>
    public const string Image = "io.chaoslab.image";
    public const string Recipe = "io.chaoslab.recipe";

    /// <summary>Comment prefix on host iptables rules: "chaoslab:LABNAME:LABID".</summary>
    public const string FirewallCommentPrefix = "chaoslab:";

    public static string ContainerName(string lab, string node) => $"chaoslab-{lab}-{node}";

    public static string NetworkName(string lab) => $"chaoslab-{lab}";
}
