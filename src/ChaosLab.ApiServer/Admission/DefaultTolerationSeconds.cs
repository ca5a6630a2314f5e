using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Admission;

/// <summary>
/// Adds NoExecute tolerations for node.kubernetes.io/not-ready and /unreachable to every new pod that
/// does not tolerate them already, with the seconds of the lab's timing profile (upstream default 300).
/// </summary>
public sealed class DefaultTolerationSeconds(long notReadySeconds, long unreachableSeconds) : IAdmissionPlugin
{
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    public Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Type.Kind != "Pod" || attributes.Subresource is not null || attributes.Operation != AdmissionOperation.Create || attributes.Object is null)
        {
            return Task.CompletedTask;
        }
        var spec = attributes.Object["spec"] as JsonObject;
        if (spec is null)
        {
            return Task.CompletedTask;
        }
        if (spec["tolerations"] is not JsonArray tolerations)
        {
            tolerations = [];
            spec["tolerations"] = tolerations;
        }
        AddUnlessTolerated(tolerations, NotReadyTaint, notReadySeconds);
        AddUnlessTolerated(tolerations, UnreachableTaint, unreachableSeconds);
        return Task.CompletedTask;
    }

    private static void AddUnlessTolerated(JsonArray tolerations, string key, long seconds)
    {
        var tolerated = tolerations.OfType<JsonObject>().Any(t =>
            ((string?)t["effect"] is null or "" or "NoExecute")
            && ((string?)t["key"] == key || ((string?)t["key"] is null or "" && (string?)t["operator"] == "Exists")));
        if (!tolerated)
        {
            tolerations.Add(new JsonObject
            {
                ["key"] = key,
                ["operator"] = "Exists",
                ["effect"] = "NoExecute",
                ["tolerationSeconds"] = seconds,
            });
        }
    }
}
