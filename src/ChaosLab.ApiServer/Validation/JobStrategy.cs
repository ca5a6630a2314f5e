using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// batch/v1 Jobs: upstream defaults, the generated selector on the Job's uid, spec validation, what may not
/// change once created, and status checks for the status subresource.
/// </summary>
public sealed class JobStrategy(ResourceType type) : GenericStrategy(type)
{
    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = obj.Ensure("metadata");
        meta.SetDefault("generation", 1);
        var spec = obj.Ensure("spec");
        JobSpecRules.Default(spec);
        JobSpecRules.GenerateSelector(spec, meta.S("name"), meta.S("uid"));
        // SetDefaults_Job: a Job without labels takes its template's (upstream applies this on every decode,
        // so stored Jobs show the generated job-name and controller-uid labels).
        if (meta.Obj("labels") is null or { Count: 0 } && spec.Obj("template").Obj("metadata").Obj("labels") is { Count: > 0 } labels)
        {
            meta["labels"] = labels.DeepClone();
        }
    }

    public override void PrepareForStatusUpdate(JsonObject newObj, JsonObject old)
    {
        base.PrepareForStatusUpdate(newObj, old);
        KeepMetadata(newObj, old, "labels");
        KeepMetadata(newObj, old, "annotations");
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        var causes = JobSpecRules.Validate(spec, "spec", selectorRequired: true).ToList();
        if (old is null)
        {
            causes.AddRange(JobSpecRules.ValidateGeneratedSelector(spec, obj.Obj("metadata").S("uid")));
        }
        else
        {
            causes.AddRange(JobSpecRules.ValidateUpdate(spec, old.Obj("spec")));
        }
        causes.AddRange(JobStatusRules.Validate(obj.Obj("status"), old?.Obj("status")));
        return causes;
    }
}
