using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.CustomResources;

/// <summary>
/// The first delete of a CustomResourceDefinition only marks it, as upstream's CRD registry does: the
/// customresourcecleanup.apiextensions.k8s.io finalizer holds it until its objects are gone, and the
/// Terminating condition says so.
/// </summary>
public static class CustomResourceCleanup
{
    public const string Finalizer = "customresourcecleanup.apiextensions.k8s.io";

    public static void MarkForCleanup(JsonObject crd, List<string> finalizers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(crd);
        ArgumentNullException.ThrowIfNull(finalizers);
        if (crd.Obj("metadata").Has("deletionTimestamp"))
        {
            return;
        }
        if (!finalizers.Contains(Finalizer))
        {
            finalizers.Add(Finalizer);
        }
        DefinitionConditions.Set(crd.Ensure("status"), "Terminating", "True", "InstanceDeletionPending",
            "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", now);
    }
}
