using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>The spec checks Deployments and ReplicaSets share: replicas, selector, and a pod template the selector owns.</summary>
internal static class ReplicaSetRules
{
    private static readonly string[] AlwaysRestart = ["Always"];

    public static IEnumerable<FieldCause> Validate(JsonObject? spec)
    {
        var causes = Causes.NonNegativeNumber(spec, "replicas", "spec.replicas")
            .Concat(Causes.NonNegativeNumber(spec, "minReadySeconds", "spec.minReadySeconds")).ToList();
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
            if (LabelSelectors.IsEmpty(selector)) causes.Add(Causes.InvalidRaw("spec.selector", LabelSelectors.GoString(selector), "empty selector is invalid for deployment"));
            selectorValid = selectorErrors.Count == 0;
        }
        // Upstream cannot build a selector from an invalid one, and then leaves the template unchecked.
        if (!selectorValid) causes.Add(Causes.InvalidRaw("spec.selector", LabelSelectors.GoString(selector), "invalid label selector"));
        else causes.AddRange(Template(spec.Obj("template") ?? [], selector));
        return causes;
    }

    /// <summary>apps/v1 forbids moving a workload's selector: its pods would be orphaned or adopted.</summary>
    public static IEnumerable<FieldCause> ValidateUpdate(JsonObject? spec, JsonObject? oldSpec) =>
        JsonAccess.SemanticEquals(spec?["selector"], oldSpec?["selector"])
            ? []
            : [Causes.InvalidRaw("spec.selector", LabelSelectors.GoString(spec.Obj("selector")), Causes.Immutable)];

    /// <summary>
    /// A controller's pod template against its selector: labels matched, metadata and pod spec valid, restart
    /// policy Always, no active deadline. <paramref name="kind"/> names the owner in upstream's message.
    /// </summary>
    public static IEnumerable<FieldCause> Template(JsonObject template, JsonObject? selector, string kind = "ReplicaSet", bool validatePodSpec = true)
    {
        var causes = new List<FieldCause>();
        var labels = template.Obj("metadata").Map("labels");
        // No selector matches nothing; an empty one matches everything and is reported on its own.
        if (selector is null || (!LabelSelectors.IsEmpty(selector) && !LabelSelectors.Matches(selector, labels)))
        {
            causes.Add(Causes.InvalidRaw("spec.template.metadata.labels", Causes.GoMap(labels), "`selector` does not match template `labels`"));
        }
        // Upstream's ValidatePodTemplateSpec reports template metadata without the "metadata" segment.
        causes.AddRange(ObjectMetaValidator.ValidateLabels(labels, "spec.template.labels"));
        causes.AddRange(ObjectMetaValidator.ValidateAnnotations(template.Obj("metadata").Map("annotations"), "spec.template.annotations"));
        var podSpec = template.Obj("spec");
        if (validatePodSpec) causes.AddRange(PodSpecValidator.Validate(podSpec, "spec.template.spec"));
        var restartPolicy = podSpec.S("restartPolicy");
        if (restartPolicy != "Always") causes.Add(Causes.NotSupported("spec.template.spec.restartPolicy", restartPolicy, AlwaysRestart));
        if (podSpec.Has("activeDeadlineSeconds"))
        {
            causes.Add(FieldCause.Forbidden("spec.template.spec.activeDeadlineSeconds", $"activeDeadlineSeconds in {kind} is not Supported"));
        }
        return causes;
    }
}
