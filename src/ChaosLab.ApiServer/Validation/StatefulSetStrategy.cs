using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// apps/v1 StatefulSets: upstream defaults (OrderedReady, rolling update from partition 0, claims retained),
/// spec checks, the short list of spec fields an update may change, generation bumps.
/// </summary>
public sealed class StatefulSetStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly string[] RetentionPolicies = ["Retain", "Delete"];

    /// <summary>The spec fields an update may change; any other difference is forbidden.</summary>
    private static readonly string[] MutableSpecFields =
        ["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    /// <summary>Pod names are NAME-ORDINAL and become DNS labels (hostnames).</summary>
    protected override Func<string, IReadOnlyList<string>> NameRule => NameRules.IsDNS1123Label;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.Ensure("metadata").SetDefault("generation", 1);
        var spec = obj.Ensure("spec");
        spec.SetDefault("podManagementPolicy", "OrderedReady");
        var strategy = spec.Ensure("updateStrategy");
        if (!strategy.Has("type"))
        {
            strategy["type"] = "RollingUpdate";
            strategy.Ensure("rollingUpdate");
        }
        if (strategy.S("type") == "RollingUpdate" && strategy.Obj("rollingUpdate") is { } rollingUpdate)
        {
            rollingUpdate.SetDefault("partition", 0);
        }
        var retention = spec.Ensure("persistentVolumeClaimRetentionPolicy");
        retention.SetDefault("whenDeleted", "Retain");
        retention.SetDefault("whenScaled", "Retain");
        spec.SetDefault("replicas", 1);
        spec.SetDefault("revisionHistoryLimit", 10);
        PodSpecDefaults.Apply(spec.Ensure("template").Ensure("spec"));
        foreach (var (_, claim) in spec.Items("volumeClaimTemplates"))
        {
            // As upstream's PersistentVolumeClaim defaults, which the embedded templates get too.
            claim.SetDefault("apiVersion", "v1");
            claim.SetDefault("kind", "PersistentVolumeClaim");
            claim.Ensure("spec").SetDefault("volumeMode", "Filesystem");
            claim.Ensure("status").SetDefault("phase", "Pending");
        }
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject old)
    {
        base.PrepareForUpdate(newObj, old);
        var defaulted = newObj.DeepClone().AsObject();
        Default(defaulted);
        if (!JsonAccess.SemanticEquals(defaulted["spec"], old["spec"]))
        {
            newObj.Ensure("metadata")["generation"] = JsonAccess.Number((long)(old.Obj("metadata").Num("generation") ?? 0) + 1);
        }
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        var causes = new List<FieldCause>();
        causes.AddRange(spec.S("podManagementPolicy") switch
        {
            "" => [Causes.Required("spec.podManagementPolicy")],
            "OrderedReady" or "Parallel" => [],
            var other => [Causes.Invalid("spec.podManagementPolicy", other, "must be 'OrderedReady' or 'Parallel'")],
        });
        causes.AddRange(UpdateStrategy(spec.Obj("updateStrategy")));
        var retention = spec.Obj("persistentVolumeClaimRetentionPolicy");
        if (retention is not null)
        {
            foreach (var field in new[] { "whenDeleted", "whenScaled" })
            {
                var value = retention.S(field);
                if (!RetentionPolicies.Contains(value)) causes.Add(Causes.NotSupported($"spec.persistentVolumeClaimRetentionPolicy.{field}", value, RetentionPolicies));
            }
        }
        causes.AddRange(Causes.NonNegativeNumber(spec, "replicas", "spec.replicas"));
        causes.AddRange(Causes.NonNegativeNumber(spec, "minReadySeconds", "spec.minReadySeconds"));
        causes.AddRange(Causes.NonNegativeNumber(spec.Obj("ordinals"), "start", "spec.ordinals.start"));
        var selector = spec.Obj("selector");
        var selectorValid = true;
        if (selector is null)
        {
            causes.Add(Causes.Required("spec.selector"));
        }
        else
        {
            var selectorErrors = LabelSelectors.Validate(selector, "spec.selector").ToList();
            causes.AddRange(selectorErrors);
            if (LabelSelectors.IsEmpty(selector)) causes.Add(Causes.InvalidRaw("spec.selector", LabelSelectors.GoString(selector), "empty selector is invalid for statefulset"));
            selectorValid = selectorErrors.Count == 0;
        }
        // Upstream leaves the pod spec to pod creation: its volumes may name claims that only the templates declare.
        if (selectorValid) causes.AddRange(ReplicaSetRules.Template(spec.Obj("template") ?? [], selector, "StatefulSet", validatePodSpec: false));
        if (old is not null && !OnlyMutableFieldsChanged(spec, old.Obj("spec")))
        {
            causes.Add(FieldCause.Forbidden("spec",
                "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
        causes.AddRange(Status(obj.Obj("status"), old?.Obj("status")));
        return causes;
    }

    private static IEnumerable<FieldCause> UpdateStrategy(JsonObject? strategy)
    {
        const string path = "spec.updateStrategy";
        var rollingUpdate = strategy.Obj("rollingUpdate");
        switch (strategy.S("type"))
        {
            case "":
                return [Causes.Required(path)];
            case "OnDelete" when rollingUpdate is not null:
                return [Causes.InvalidRaw($"{path}.rollingUpdate", "apps.RollingUpdateStatefulSetStrategy{...}", "only allowed for updateStrategy 'RollingUpdate'")];
            case "OnDelete":
                return [];
            case "RollingUpdate":
                var causes = Causes.NonNegativeNumber(rollingUpdate, "partition", $"{path}.rollingUpdate.partition").ToList();
                if (rollingUpdate?["maxUnavailable"] is { } maxUnavailable)
                {
                    causes.AddRange(IntOrPercentRules.Validate(maxUnavailable, $"{path}.rollingUpdate.maxUnavailable"));
                    if (IntOrPercentRules.ValueOf(maxUnavailable) == 0) causes.Add(Causes.InvalidRaw($"{path}.rollingUpdate.maxUnavailable", Causes.GoIntOrString(maxUnavailable), "cannot be 0"));
                    causes.AddRange(IntOrPercentRules.NotMoreThan100Percent(maxUnavailable, $"{path}.rollingUpdate.maxUnavailable"));
                }
                return causes;
            default:
                return [Causes.InvalidRaw(path, $"apps.StatefulSetUpdateStrategy{{Type:{Causes.Quote(strategy.S("type"))}}}", "must be 'RollingUpdate' or 'OnDelete'")];
        }
    }

    private static bool OnlyMutableFieldsChanged(JsonObject? spec, JsonObject? oldSpec)
    {
        var a = (spec?.DeepClone() as JsonObject) ?? [];
        var b = (oldSpec?.DeepClone() as JsonObject) ?? [];
        foreach (var field in MutableSpecFields)
        {
            a.Remove(field);
            b.Remove(field);
        }
        return JsonAccess.SemanticEquals(a, b);
    }

    private static IEnumerable<FieldCause> Status(JsonObject? status, JsonObject? oldStatus)
    {
        var causes = WorkloadStatusRules.NonNegative(status,
            "replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas", "observedGeneration", "collisionCount").ToList();
        if (status is null) return causes;
        var replicas = status.Num("replicas") ?? 0;
        foreach (var field in new[] { "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas" })
        {
            if (status.Num(field) is { } n && n > replicas) causes.Add(Causes.Invalid($"status.{field}", n, "cannot be greater than status.replicas"));
        }
        if (status.Num("availableReplicas") is { } available && available > (status.Num("readyReplicas") ?? 0))
        {
            causes.Add(Causes.Invalid("status.availableReplicas", available, "cannot be greater than status.readyReplicas"));
        }
        if ((status.Num("collisionCount") ?? 0) < (oldStatus.Num("collisionCount") ?? 0))
        {
            causes.Add(Causes.Invalid("status.collisionCount", status.Num("collisionCount") ?? 0, "cannot be decremented"));
        }
        return causes;
    }
}
