using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>
/// kubectl get horizontalpodautoscalers: the scale target, each metric's "current/target" (three at most, then
/// "+ N more..."), the replica bounds and the current count.
/// </summary>
public sealed class HorizontalPodAutoscalerPrinter : ITablePrinter
{
    private const int MetricsShown = 3;

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Reference", "string", "reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource."),
        new("Targets", "string", "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used)."),
        new("MinPods", "string", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
        new("MaxPods", "integer", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up."),
        new("Replicas", "integer", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
        TableColumn.Age,
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var reference = $"{obj.Str("spec", "scaleTargetRef", "kind")}/{obj.Str("spec", "scaleTargetRef", "name")}";
        var minPods = obj.LongOrNull("spec", "minReplicas")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "<unset>";
        return new JsonArray(
            obj.Name(), reference, Targets(obj), minPods, obj.Long("spec", "maxReplicas"), obj.Long("status", "currentReplicas"), obj.Age(now));
    }

    internal static string Targets(JsonObject hpa)
    {
        var specs = hpa.Objects("spec", "metrics");
        if (specs.Count == 0)
        {
            return "<none>";
        }

        var current = hpa.Objects("status", "currentMetrics");
        var shown = specs.Take(MetricsShown).Select((spec, i) => Metric(spec, i < current.Count ? current[i] : null)).ToList();
        var text = string.Join(", ", shown);
        return specs.Count > MetricsShown ? $"{text} + {specs.Count - MetricsShown} more..." : text;
    }

    private static string Metric(JsonObject spec, JsonObject? status)
    {
        var type = spec.Str("type");
        var source = type switch
        {
            "Resource" => "resource",
            "ContainerResource" => "containerResource",
            "Pods" => "pods",
            "Object" => "object",
            "External" => "external",
            _ => "",
        };
        var target = spec.At(source, "target");
        var now = status?.Str("type") == type ? status.At(source, "current") : null;
        string pair;
        if (target.LongOrNull("averageUtilization") is { } utilization)
        {
            var currentUtilization = now.LongOrNull("averageUtilization") is { } u ? $"{u}%" : "<unknown>";
            pair = $"{currentUtilization}/{utilization}%";
        }
        else
        {
            var field = target.Has("averageValue") ? "averageValue" : "value";
            var currentValue = now.Str(field) is { Length: > 0 } value ? value : "<unknown>";
            pair = $"{currentValue}/{target.Str(field)}";
            if (target.Str("type") == "AverageValue" && field == "averageValue" && type is "Object" or "External")
            {
                pair += " (avg)";
            }
        }

        return type is "Resource" or "ContainerResource" ? $"{spec.Str(source, "name")}: {pair}" : pair;
    }
}
