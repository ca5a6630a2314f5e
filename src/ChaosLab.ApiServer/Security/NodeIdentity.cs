using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Security;

/// <summary>Which node a user is the kubelet of: user system:node:NAME in group system:nodes, as upstream identifies nodes.</summary>
public static class NodeIdentity
{
    public const string UserPrefix = "system:node:";
    public const string Group = "system:nodes";

    /// <summary>The node's name; null when the user is not a node.</summary>
    public static string? Of(RequestUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Name.StartsWith(UserPrefix, StringComparison.Ordinal) && user.Groups.Contains(Group) ? user.Name[UserPrefix.Length..] : null;
    }
}
