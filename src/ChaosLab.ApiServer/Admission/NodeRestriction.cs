using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security;

namespace ChaosLab.ApiServer.Admission;

/// <summary>
/// A kubelet (user system:node:NAME) may write only its own Node, its own Lease in kube-node-lease,
/// and the status of (or the deletion of) pods bound to it. On its Node it may not add, change or
/// remove <see cref="NodeRestrictedLabels"/>.
/// </summary>
public sealed class NodeRestriction : IAdmissionPlugin
{
    public Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var a = attributes;
        if (NodeIdentity.Of(a.User) is not { } node)
        {
            return Task.CompletedTask;
        }
        var verb = a.Operation.ToString().ToLowerInvariant();
        var allowed = a.Type.Kind switch
        {
            "Node" => a.Name == node,
            "Lease" => a.Namespace == "kube-node-lease" && a.Name == node,
            "Pod" => a.Operation != AdmissionOperation.Create && BoundTo(a.OldObject ?? a.Object, node)
                     && (a.Subresource == "status" || a.Operation == AdmissionOperation.Delete),
            "Event" => true,
            _ => false,
        };
        if (!allowed)
        {
            throw ApiException.Forbidden(a.User.Name, verb, a.Type, a.Subresource, a.Namespace, a.Name, $"node \"{node}\" may only modify its own objects");
        }
        if (a.Type.Kind == "Node" && a.Operation is AdmissionOperation.Create or AdmissionOperation.Update
            && NodeRestrictedLabels.Changed(a.OldObject, a.Object) is { Count: > 0 } labels)
        {
            throw new ApiException(403, "Forbidden",
                $"{a.Type.QualifiedName} \"{a.Name}\" is forbidden: node \"{node}\" may not add, change or remove its {NodeRestrictedLabels.Domain} labels: {string.Join(", ", labels)}",
                new StatusDetails(a.Name, null, a.Type.Plural));
        }
        return Task.CompletedTask;
    }

    private static bool BoundTo(System.Text.Json.Nodes.JsonObject? pod, string node) => (string?)pod?["spec"]?["nodeName"] == node;
}
