using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// v1 ReplicationControllers: a map selector that defaults to the template's labels (so do the object's own
/// labels), replicas 1, the ReplicaSet template checks, generation bumps. Unlike apps/v1, the selector may change.
/// </summary>
public sealed class ReplicationControllerStrategy(ResourceType type) : GenericStrategy(type)
{
    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = obj.Ensure("metadata");
        meta.SetDefault("generation", 1);
        var spec = obj.Ensure("spec");
        if (spec.Obj("template").Obj("metadata")?["labels"] is JsonObject { Count: > 0 } labels)
        {
            if (spec.Obj("selector") is null or { Count: 0 }) spec["selector"] = labels.DeepClone();
            if (meta.Obj("labels") is null or { Count: 0 }) meta["labels"] = labels.DeepClone();
        }
        spec.SetDefault("replicas", 1);
        if (spec.Obj("template") is { } template) PodSpecDefaults.Apply(template.Ensure("spec"));
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
        var causes = Causes.NonNegativeNumber(spec, "minReadySeconds", "spec.minReadySeconds").ToList();
        var selector = spec.Map("selector");
        if (selector is null or { Count: 0 }) causes.Add(Causes.Required("spec.selector"));
        causes.AddRange(Causes.NonNegativeNumber(spec, "replicas", "spec.replicas"));
        if (spec.Obj("template") is not { } template)
        {
            causes.Add(Causes.Required("spec.template"));
        }
        else
        {
            // A map selector is a matchLabels selector; an empty one is reported above and matches every template.
            var asLabelSelector = selector is null or { Count: 0 } ? new JsonObject() : new JsonObject { ["matchLabels"] = spec!["selector"]!.DeepClone() };
            causes.AddRange(ReplicaSetRules.Template(template, asLabelSelector, "ReplicationController"));
        }
        causes.AddRange(WorkloadStatusRules.NonNegative(obj.Obj("status"),
            "replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"));
        return causes;
    }
}
