namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// Names of RBAC objects and the roles bindings refer to: upstream's path-segment rule (ValidateRBACName), since
/// role names such as system:node carry colons a DNS name may not.
/// </summary>
internal static class RbacNames
{
    private static readonly string[] Forbidden = ["/", "%"];

    public static IReadOnlyList<string> IsValidPathSegmentName(string name) => name switch
    {
        "." => ["may not be '.'"],
        ".." => ["may not be '..'"],
        _ => [.. Forbidden.Where(name.Contains).Select(bad => $"may not contain '{bad}'")],
    };
}
