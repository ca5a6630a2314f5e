using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>apps/v1 Deployments: upstream defaults, spec and strategy validation, generation bumps on spec changes.</summary>
public sealed class DeploymentStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly string[] StrategyTypes = ["Recreate", "RollingUpdate"];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.Ensure("metadata").SetDefault("generation", 1);
        var spec = obj.Ensure("spec");
        spec.SetDefault("replicas", 1);
        var strategy = spec.Ensure("strategy");
        strategy.SetDefault("type", "RollingUpdate");
        if (strategy.S("type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.Ensure("rollingUpdate");
            rollingUpdate.SetDefault("maxUnavailable", "25%");
            rollingUpdate.SetDefault("maxSurge", "25%");
        }
        spec.SetDefault("revisionHistoryLimit", 10);
        spec.SetDefault("progressDeadlineSeconds", 600);
        PodSpecDefaults.Apply(spec.Ensure("template").Ensure("spec"));
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject old)
    {
        base.PrepareForUpdate(newObj, old);
        // Compared defaulted, so the outcome does not depend on whether Default already ran; annotations
        // count too, as the controller copies them onto the ReplicaSets.
        var defaulted = newObj.DeepClone().AsObject();
        Default(defaulted);
        if (!JsonAccess.SemanticEquals(defaulted["spec"], old["spec"]) ||
            !JsonAccess.SemanticEquals(newObj.Obj("metadata")?["annotations"], old.Obj("metadata")?["annotations"]))
        {
            newObj.Ensure("metadata")["generation"] = JsonAccess.Number((long)(old.Obj("metadata").Num("generation") ?? 0) + 1);
        }
    }

    public override void PrepareForStatusUpdate(JsonObject newObj, JsonObject old)
    {
        base.PrepareForStatusUpdate(newObj, old);
        KeepMetadata(newObj, old, "labels");
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        var causes = ReplicaSetRules.Validate(spec).ToList();
        causes.AddRange(Strategy(spec.Obj("strategy")));
        causes.AddRange(Causes.NonNegativeNumber(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit"));
        if (spec.Num("progressDeadlineSeconds") is { } deadline)
        {
            causes.AddRange(Causes.NonNegativeNumber(spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds"));
            if (deadline <= (spec.Num("minReadySeconds") ?? 0)) causes.Add(Causes.Invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
        }
        if (old is not null) causes.AddRange(ReplicaSetRules.ValidateUpdate(spec, old.Obj("spec")));
        return causes;
    }

    private static IEnumerable<FieldCause> Strategy(JsonObject? strategy)
    {
        var kind = strategy.S("type");
        var rollingUpdate = strategy.Obj("rollingUpdate");
        switch (kind)
        {
            case "Recreate" when rollingUpdate is not null:
                return [FieldCause.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'")];
            case "Recreate":
                return [];
            case "RollingUpdate" when rollingUpdate is null:
                return [Causes.Required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil")];
            case "RollingUpdate":
                return RollingUpdate(rollingUpdate);
            default:
                var rendered = $"apps.DeploymentStrategy{{Type:{Causes.Quote(kind)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}}";
                return [new FieldCause("FieldValueNotSupported", $"Unsupported value: {rendered}: supported values: {string.Join(", ", StrategyTypes.Select(Causes.Quote))}", "spec.strategy")];
        }
    }

    private static List<FieldCause> RollingUpdate(JsonObject rollingUpdate)
    {
        const string path = "spec.strategy.rollingUpdate";
        var (maxUnavailable, maxSurge) = (rollingUpdate["maxUnavailable"], rollingUpdate["maxSurge"]);
        var causes = IntOrPercentRules.Validate(maxUnavailable, $"{path}.maxUnavailable").Concat(IntOrPercentRules.Validate(maxSurge, $"{path}.maxSurge")).ToList();
        if (IntOrPercentRules.ValueOf(maxUnavailable) == 0 && IntOrPercentRules.ValueOf(maxSurge) == 0)
        {
            causes.Add(Causes.InvalidRaw($"{path}.maxUnavailable", Causes.GoIntOrString(maxUnavailable), "may not be 0 when `maxSurge` is 0"));
        }
        causes.AddRange(IntOrPercentRules.NotMoreThan100Percent(maxUnavailable, $"{path}.maxUnavailable"));
        return causes;
    }
}
