using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// What the pods/eviction subresource asks of a pod's PodDisruptionBudget, as upstream's EvictionREST: which
/// budgets cover the pod, whether it may go without spending the budget, and the decrement itself.
/// </summary>
public static class EvictionBudget
{
    /// <summary>Upstream's MaxDisruptedPodSize: evictions the disruption controller has not confirmed yet.</summary>
    public const int MaxDisruptedPods = 2000;

    public const string ViolationMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>The budgets whose selector selects the pod; a budget without a selector selects nothing, an empty one everything.</summary>
    public static IReadOnlyList<JsonObject> Covering(JsonObject pod, IEnumerable<JsonObject> budgets)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        var labels = pod.Obj("metadata").Map("labels");
        return [.. budgets.Where(b => b.Obj("spec").Obj("selector") is { } selector && LabelSelectors.Matches(selector, labels))];
    }

    /// <summary>Finished, pending or already terminating pods are deleted without consulting any budget.</summary>
    public static bool IgnoresBudgets(JsonObject pod) =>
        pod.Obj("status").S("phase") is "Succeeded" or "Failed" or "Pending" || ObjectMeta.IsDeleting(pod);

    public static bool IsReady(JsonObject pod) =>
        pod.Obj("status").Items("conditions").Any(c => c.Item.S("type") == "Ready" && c.Item.S("status") == "True");

    /// <summary>
    /// An unready pod goes without spending the budget when the policy is AlwaysAllow, or (IfHealthyBudget, the
    /// default) when the budget is met without it.
    /// </summary>
    public static bool UnhealthyMayGo(JsonObject budget, JsonObject pod)
    {
        if (IsReady(pod))
        {
            return false;
        }
        if (budget.Obj("spec").S("unhealthyPodEvictionPolicy") == "AlwaysAllow")
        {
            return true;
        }
        var status = budget.Obj("status");
        var desired = status.Num("desiredHealthy") ?? 0;
        return (status.Num("currentHealthy") ?? 0) >= desired && desired > 0;
    }

    /// <summary>
    /// Spends one disruption of <paramref name="budget"/> on <paramref name="podName"/>, in place: 429 when none is
    /// left or the controller has not seen the latest spec, 403 when the status is unusable.
    /// </summary>
    public static void Decrement(JsonObject budget, string podName, DateTimeOffset now, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var name = ObjectMeta.Name(budget) ?? "";
        var status = budget.Ensure("status");
        if ((status.Num("observedGeneration") ?? 0) < (budget.Obj("metadata").Num("generation") ?? 0))
        {
            throw TooManyRequests($"The disruption budget {name} is still being processed by the server.");
        }
        var allowed = status.Num("disruptionsAllowed") ?? 0;
        if (allowed < 0)
        {
            throw Forbidden(name, "pdb disruptions allowed is negative");
        }
        if ((status.Obj("disruptedPods")?.Count ?? 0) > MaxDisruptedPods)
        {
            throw Forbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }
        if (allowed == 0)
        {
            throw TooManyRequests($"The disruption budget {name} needs {status.Num("desiredHealthy") ?? 0} healthy pods and has {status.Num("currentHealthy") ?? 0} currently");
        }
        status["disruptionsAllowed"] = JsonAccess.Number((long)allowed - 1);
        if (allowed == 1)
        {
            DisruptionAllowedCondition.Set(status, false, now);
        }
        if (dryRun)
        {
            return;
        }
        status.Ensure("disruptedPods")[podName] = ObjectMeta.Timestamp(now);
    }

    private static ApiException TooManyRequests(string cause) =>
        new(429, "TooManyRequests", ViolationMessage, new StatusDetails(null, null, null) { Causes = [new FieldCause("DisruptionBudget", cause, "")] });

    private static ApiException Forbidden(string name, string why) =>
        new(403, "Forbidden", $"poddisruptionbudgets.policy \"{name}\" is forbidden: {why}", new StatusDetails(name, "policy", "poddisruptionbudgets"));
}
