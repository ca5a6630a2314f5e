namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>Upstream's zone states: how many of a zone's nodes are not ready decides how fast nodes get tainted.</summary>
internal enum ZoneState
{
    Initial,
    Normal,
    PartialDisruption,
    FullDisruption,
}
