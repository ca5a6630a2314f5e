using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// autoscaling/v2 HorizontalPodAutoscalers: a scale target with kind and name, at least one replica and a maximum
/// no lower than the minimum. Defaults as upstream's v2: minReplicas 1 and, without metrics, 80% average CPU.
/// </summary>
public sealed class HorizontalPodAutoscalerStrategy(ResourceType type) : GenericStrategy(type)
{
    public const int DefaultCpuUtilization = 80;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj.Ensure("spec");
        if (!spec.Has("minReplicas")) spec["minReplicas"] = 1;
        if (spec.Arr("metrics") is null or { Count: 0 })
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = DefaultCpuUtilization },
                },
            });
        }
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var spec = obj.Obj("spec");
        var target = spec.Obj("scaleTargetRef");
        if (target.S("kind").Length == 0) causes.Add(Causes.Required("spec.scaleTargetRef.kind"));
        if (target.S("name").Length == 0) causes.Add(Causes.Required("spec.scaleTargetRef.name"));
        foreach (var field in (string[])["kind", "name"])
        {
            var value = target.S(field);
            if (value.Contains('/', StringComparison.Ordinal) || value.Contains('%', StringComparison.Ordinal) || value is "." or "..")
            {
                causes.Add(Causes.Invalid($"spec.scaleTargetRef.{field}", value, "may not contain '/' or '%' and may not be '.' or '..'"));
            }
        }

        var min = spec.Num("minReplicas");
        var max = spec.Num("maxReplicas") ?? 0;
        if (min is < 1) causes.Add(Causes.Invalid("spec.minReplicas", min.Value, "must be greater than or equal to 1"));
        if (max < 1) causes.Add(Causes.Invalid("spec.maxReplicas", max, "must be greater than 0"));
        if (min is { } lower && max < lower) causes.Add(Causes.Invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
        foreach (var (i, metric) in spec.Items("metrics"))
        {
            var kind = metric.S("type");
            if (kind.Length == 0) causes.Add(Causes.Required($"spec.metrics[{i}].type", "must specify a metric source type"));
            else if (!MetricTypes.Contains(kind)) causes.Add(Causes.NotSupported($"spec.metrics[{i}].type", kind, MetricTypes));
        }
        return causes;
    }

    private static readonly string[] MetricTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];
}
