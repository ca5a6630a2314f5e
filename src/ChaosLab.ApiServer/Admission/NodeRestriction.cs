using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Admission;

/// <summary>
/// A kubelet (user system:node:NAME) may write only its own Node, its own Lease in kube-node-lease,
/// and the status of (or the deletion of) pods bound to it.
/// </summary>
public sealed class NodeRestriction : IAdmissionPlugin
{
    public const string NodeUserPrefix = "system:node:";

    public Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var a = attributes;
        if (!a.User.Name.StartsWith(NodeUserPrefix, StringComparison.Ordinal) || !a.User.Groups.Contains("system:nodes"))
        {
            return Task.CompletedTask;
        }
        var node = a.User.Name[NodeUserPrefix.Length..];
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
            var forbidden = ApiException.Forbidden(a.User.Name, verb, a.Type.Plural + (a.Subresource is null ? "" : "/" + a.Subresource), a.Namespace, a.Name);
            throw new ApiException(403, "Forbidden", forbidden.Message + $": node \"{node}\" may only modify its own objects", forbidden.Details);
        }
        return Task.CompletedTask;
    }

    private static bool BoundTo(System.Text.Json.Nodes.JsonObject? pod, string node) => (string?)pod?["spec"]?["nodeName"] == node;
}
