using System.Globalization;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// apps/v1 DaemonSets: upstream defaults (rolling update of one pod at a time), spec and update-strategy checks,
/// an immutable selector, generation bumps, and the template generation apps/v1 carries as an annotation.
/// </summary>
public sealed class DaemonSetStrategy(ResourceType type) : GenericStrategy(type)
{
    /// <summary>Where apps/v1 keeps the internal spec.templateGeneration; the controller labels pods with it.</summary>
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    private static readonly string[] StrategyTypes = ["RollingUpdate", "OnDelete"];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = obj.Ensure("metadata");
        meta.SetDefault("generation", 1);
        if (!meta.Has("uid") && meta.Obj("annotations")?[TemplateGenerationAnnotation] is null)
        {
            // A create: upstream's PrepareForCreate starts the template generation at 1.
            meta.Ensure("annotations")[TemplateGenerationAnnotation] = "1";
        }
        var spec = obj.Ensure("spec");
        var strategy = spec.Ensure("updateStrategy");
        strategy.SetDefault("type", "RollingUpdate");
        if (strategy.S("type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.Ensure("rollingUpdate");
            rollingUpdate.SetDefault("maxUnavailable", 1);
            rollingUpdate.SetDefault("maxSurge", 0);
        }
        spec.SetDefault("revisionHistoryLimit", 10);
        PodSpecDefaults.Apply(spec.Ensure("template").Ensure("spec"));
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject old)
    {
        base.PrepareForUpdate(newObj, old);
        var defaulted = newObj.DeepClone().AsObject();
        Default(defaulted);
        var meta = newObj.Ensure("metadata");
        var oldTemplateGeneration = long.TryParse(old.Obj("metadata").Obj("annotations").S(TemplateGenerationAnnotation), CultureInfo.InvariantCulture, out var g) ? g : 0;
        var templateChanged = !JsonAccess.SemanticEquals(defaulted.Obj("spec")?["template"], old.Obj("spec")?["template"]);
        var templateGeneration = templateChanged ? oldTemplateGeneration + 1 : oldTemplateGeneration;
        // The client may not set it: it follows the stored value, one up when the template changes.
        if (templateGeneration > 0) meta.Ensure("annotations")[TemplateGenerationAnnotation] = templateGeneration.ToString(CultureInfo.InvariantCulture);
        else meta.Obj("annotations")?.Remove(TemplateGenerationAnnotation);
        if (!JsonAccess.SemanticEquals(defaulted["spec"], old["spec"]))
        {
            meta["generation"] = JsonAccess.Number((long)(old.Obj("metadata").Num("generation") ?? 0) + 1);
        }
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        var causes = new List<FieldCause>();
        if (old is not null && !JsonAccess.SemanticEquals(spec?["selector"], old.Obj("spec")?["selector"]))
        {
            causes.Add(Causes.InvalidRaw("spec.selector", LabelSelectors.GoString(spec.Obj("selector")), Causes.Immutable));
        }
        var selector = spec.Obj("selector");
        var selectorErrors = selector is null ? [] : LabelSelectors.Validate(selector, "spec.selector").ToList();
        causes.AddRange(selectorErrors);
        if (selector is not null && LabelSelectors.IsEmpty(selector))
        {
            causes.Add(Causes.InvalidRaw("spec.selector", LabelSelectors.GoString(selector), "empty selector is invalid for daemonset"));
        }
        if (selectorErrors.Count == 0) causes.AddRange(ReplicaSetRules.Template(spec.Obj("template") ?? [], selector, "DaemonSet"));
        causes.AddRange(Causes.NonNegativeNumber(spec, "minReadySeconds", "spec.minReadySeconds"));
        causes.AddRange(UpdateStrategy(spec.Obj("updateStrategy")));
        causes.AddRange(Causes.NonNegativeNumber(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit"));
        causes.AddRange(WorkloadStatusRules.NonNegative(obj.Obj("status"),
            "currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady", "observedGeneration",
            "updatedNumberScheduled", "numberAvailable", "numberUnavailable", "collisionCount"));
        return causes;
    }

    private static IEnumerable<FieldCause> UpdateStrategy(JsonObject? strategy)
    {
        const string path = "spec.updateStrategy";
        var rollingUpdate = strategy.Obj("rollingUpdate");
        switch (strategy.S("type"))
        {
            case "OnDelete":
                return [];
            case "RollingUpdate" when rollingUpdate is null:
                return [Causes.Required($"{path}.rollingUpdate")];
            case "RollingUpdate":
                return RollingUpdate(rollingUpdate, $"{path}.rollingUpdate");
            default:
                var rendered = $"apps.DaemonSetUpdateStrategy{{Type:{Causes.Quote(strategy.S("type"))}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}}";
                return [new FieldCause("FieldValueNotSupported", $"Unsupported value: {rendered}: supported values: {string.Join(", ", StrategyTypes.Select(Causes.Quote))}", path)];
        }
    }

    /// <summary>Upstream's ValidateRollingUpdateDaemonSet: exactly one of maxUnavailable and maxSurge is non-zero.</summary>
    private static List<FieldCause> RollingUpdate(JsonObject rollingUpdate, string path)
    {
        var (maxUnavailable, maxSurge) = (rollingUpdate["maxUnavailable"], rollingUpdate["maxSurge"]);
        var causes = IntOrPercentRules.Validate(maxUnavailable, $"{path}.maxUnavailable")
            .Concat(IntOrPercentRules.Validate(maxSurge, $"{path}.maxSurge"))
            .Concat(IntOrPercentRules.NotMoreThan100Percent(maxUnavailable, $"{path}.maxUnavailable"))
            .Concat(IntOrPercentRules.NotMoreThan100Percent(maxSurge, $"{path}.maxSurge")).ToList();
        var hasUnavailable = IntOrPercentRules.ValueOf(maxUnavailable) != 0;
        var hasSurge = IntOrPercentRules.ValueOf(maxSurge) != 0;
        if (hasUnavailable && hasSurge)
        {
            causes.Add(Causes.InvalidRaw($"{path}.maxSurge", Causes.GoIntOrString(maxSurge), "may not be set when maxUnavailable is non-zero"));
        }
        else if (!hasUnavailable && !hasSurge)
        {
            causes.Add(Causes.Required($"{path}.maxUnavailable", "cannot be 0 when maxSurge is 0"));
        }
        return causes;
    }
}
