namespace ChaosLab.ControllerManager.GarbageCollector;

/// <summary>The finalizers the API server adds for propagationPolicy Foreground and Orphan.</summary>
internal static class Finalizers
{
    public const string ForegroundDeletion = "foregroundDeletion";
    public const string Orphan = "orphan";
}
