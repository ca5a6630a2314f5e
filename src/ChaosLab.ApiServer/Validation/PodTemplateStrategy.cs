using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>core/v1 PodTemplates: the template's labels and pod spec are defaulted and validated as a pod's are.</summary>
public sealed class PodTemplateStrategy(ResourceType type) : GenericStrategy(type)
{
    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        PodSpecDefaults.Apply(obj.Ensure("template").Ensure("spec"));
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var template = obj.Obj("template");
        var causes = ObjectMetaValidator.ValidateLabels(template.Obj("metadata").Map("labels"), "template.metadata.labels").ToList();
        causes.AddRange(PodSpecValidator.Validate(template.Obj("spec"), "template.spec"));
        return causes;
    }
}
