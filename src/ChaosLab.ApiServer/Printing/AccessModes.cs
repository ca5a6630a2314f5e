namespace ChaosLab.ApiServer.Printing;

/// <summary>Access modes as upstream's GetAccessModesAsString writes them: RWO, ROX, RWX, RWOP in that order, each once.</summary>
internal static class AccessModes
{
    private static readonly (string Mode, string Short)[] Order =
    [
        ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"),
    ];

    public static string Format(IReadOnlyList<string> modes) =>
        string.Join(",", Order.Where(o => modes.Contains(o.Mode)).Select(o => o.Short));
}
