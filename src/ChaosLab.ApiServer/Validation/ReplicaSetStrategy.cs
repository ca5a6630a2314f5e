using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>apps/v1 ReplicaSets: replicas default, template defaults, the shared workload checks, generation bumps.</summary>
public sealed class ReplicaSetStrategy(ResourceType type) : GenericStrategy(type)
{
    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.Ensure("metadata").SetDefault("generation", 1);
        var spec = obj.Ensure("spec");
        spec.SetDefault("replicas", 1);
        PodSpecDefaults.Apply(spec.Ensure("template").Ensure("spec"));
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject old)
    {
        base.PrepareForUpdate(newObj, old);
        // Compared defaulted, so the outcome does not depend on whether Default already ran.
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
        var causes = ReplicaSetRules.Validate(spec).ToList();
        if (old is not null) causes.AddRange(ReplicaSetRules.ValidateUpdate(spec, old.Obj("spec")));
        return causes;
    }
}
