using ChaosLab.ApiServer.Security.Rbac;

namespace ChaosLab.ApiServer.Security;

/// <summary>
/// The authorizer chain, in upstream's --authorization-mode=Node,RBAC order. Kubelets (system:node:NAME in
/// system:nodes) first meet the node authorizer: the Secrets, ConfigMaps, claims and ServiceAccounts their pods name
/// (<see cref="NodeAuthorizer"/>), and otherwise upstream's node rules (<see cref="BootstrapPolicy.NodeRules"/>). Then
/// RBAC decides from the roles and bindings stored in the cluster. What neither allows is refused.
/// </summary>
/// <param name="rbacSynced">Completes once RBAC's view of the roles and bindings is loaded; requests wait for it.</param>
public sealed class Authorizer(NodeAuthorizer nodes, RbacAuthorizer rbac, Func<CancellationToken, Task> rbacSynced)
{
    public RbacAuthorizer Rbac => rbac;

    /// <param name="fieldSelector">A list or watch's field selector: a kubelet's single-object watch names its object there.</param>
    public async Task<AuthorizationResult> AuthorizeAsync(AccessRequest request, string? fieldSelector, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var nodeReason = "";
        if (NodeIdentity.Of(request.User) is { } node && request.IsResourceRequest)
        {
            if (request.ApiGroup.Length == 0 && NodeAuthorizer.Resources.Contains(request.Resource))
            {
                var name = NodeAuthorizer.RequestedName(request.Verb, request.Name, fieldSelector);
                var refusal = await nodes.RefusalAsync(node, request.Verb, request.Resource, request.Subresource, request.Namespace, name, ct);
                if (refusal is null)
                {
                    return AuthorizationResult.Allow();
                }
                nodeReason = refusal;
            }
            else if (RuleMatcher.AnyAllows(BootstrapPolicy.NodeRules, request))
            {
                return AuthorizationResult.Allow();
            }
        }
        await rbacSynced(ct);
        var decision = rbac.Authorize(request);
        return decision.Allowed ? decision : AuthorizationResult.NoOpinion(nodeReason);
    }
}
