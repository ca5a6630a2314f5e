namespace ChaosLab.ApiServer.Security.Rbac;

/// <summary>An authorizer's answer: allowed or not, and why (upstream's reason text; empty when there is nothing to say).</summary>
public sealed record AuthorizationResult(bool Allowed, string Reason)
{
    public static AuthorizationResult Allow(string reason = "") => new(true, reason);

    public static AuthorizationResult NoOpinion(string reason = "") => new(false, reason);
}
