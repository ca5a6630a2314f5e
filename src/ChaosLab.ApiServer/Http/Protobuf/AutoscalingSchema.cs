using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/api autoscaling/v2: HorizontalPodAutoscaler with its metrics and scaling behaviour (autoscaling/v1 Scale, the
/// */scale body, is in SubresourceSchema). Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class AutoscalingSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["autoscaling.HorizontalPodAutoscaler"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "autoscaling.HorizontalPodAutoscalerSpec"),
            [3] = Message("status", "autoscaling.HorizontalPodAutoscalerStatus"),
        },
        ["autoscaling.HorizontalPodAutoscalerSpec"] = new()
        {
            [1] = Message("scaleTargetRef", "autoscaling.CrossVersionObjectReference"), [2] = I32Ptr("minReplicas"), [3] = I32("maxReplicas"),
            [4] = Messages("metrics", "autoscaling.MetricSpec"), [5] = MessagePtr("behavior", "autoscaling.HorizontalPodAutoscalerBehavior"),
        },
        ["autoscaling.HorizontalPodAutoscalerStatus"] = new()
        {
            [1] = I64Ptr("observedGeneration"), [2] = TimePtr("lastScaleTime"), [3] = I32("currentReplicas"), [4] = I32("desiredReplicas"),
            [5] = Messages("currentMetrics", "autoscaling.MetricStatus"),
            [6] = Messages("conditions", "autoscaling.HorizontalPodAutoscalerCondition"),
        },
        ["autoscaling.CrossVersionObjectReference"] = new() { [1] = Str("kind"), [2] = Str("name"), [3] = Str("apiVersion") },
        ["autoscaling.MetricSpec"] = new()
        {
            [1] = Str("type"), [2] = MessagePtr("object", "autoscaling.ObjectMetricSource"),
            [3] = MessagePtr("pods", "autoscaling.PodsMetricSource"), [4] = MessagePtr("resource", "autoscaling.ResourceMetricSource"),
            [5] = MessagePtr("external", "autoscaling.ExternalMetricSource"),
            [7] = MessagePtr("containerResource", "autoscaling.ContainerResourceMetricSource"),
        },
        ["autoscaling.HorizontalPodAutoscalerBehavior"] = new()
        {
            [1] = MessagePtr("scaleUp", "autoscaling.HPAScalingRules"), [2] = MessagePtr("scaleDown", "autoscaling.HPAScalingRules"),
        },
        ["autoscaling.MetricStatus"] = new()
        {
            [1] = Str("type"), [2] = MessagePtr("object", "autoscaling.ObjectMetricStatus"),
            [3] = MessagePtr("pods", "autoscaling.PodsMetricStatus"), [4] = MessagePtr("resource", "autoscaling.ResourceMetricStatus"),
            [5] = MessagePtr("external", "autoscaling.ExternalMetricStatus"),
            [7] = MessagePtr("containerResource", "autoscaling.ContainerResourceMetricStatus"),
        },
        ["autoscaling.HorizontalPodAutoscalerCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastTransitionTime"), [4] = Str("reason"), [5] = Str("message"),
        },
        ["autoscaling.ObjectMetricSource"] = new()
        {
            [1] = Message("describedObject", "autoscaling.CrossVersionObjectReference"), [2] = Message("target", "autoscaling.MetricTarget"),
            [3] = Message("metric", "autoscaling.MetricIdentifier"),
        },
        ["autoscaling.PodsMetricSource"] = new()
        {
            [1] = Message("metric", "autoscaling.MetricIdentifier"), [2] = Message("target", "autoscaling.MetricTarget"),
        },
        ["autoscaling.ResourceMetricSource"] = new() { [1] = Str("name"), [2] = Message("target", "autoscaling.MetricTarget") },
        ["autoscaling.ExternalMetricSource"] = new()
        {
            [1] = Message("metric", "autoscaling.MetricIdentifier"), [2] = Message("target", "autoscaling.MetricTarget"),
        },
        ["autoscaling.ContainerResourceMetricSource"] = new()
        {
            [1] = Str("name"), [2] = Message("target", "autoscaling.MetricTarget"), [3] = Str("container"),
        },
        ["autoscaling.HPAScalingRules"] = new()
        {
            [1] = StrPtr("selectPolicy"), [2] = Messages("policies", "autoscaling.HPAScalingPolicy"), [3] = I32Ptr("stabilizationWindowSeconds"),
        },
        ["autoscaling.ObjectMetricStatus"] = new()
        {
            [1] = Message("metric", "autoscaling.MetricIdentifier"), [2] = Message("current", "autoscaling.MetricValueStatus"),
            [3] = Message("describedObject", "autoscaling.CrossVersionObjectReference"),
        },
        ["autoscaling.PodsMetricStatus"] = new()
        {
            [1] = Message("metric", "autoscaling.MetricIdentifier"), [2] = Message("current", "autoscaling.MetricValueStatus"),
        },
        ["autoscaling.ResourceMetricStatus"] = new() { [1] = Str("name"), [2] = Message("current", "autoscaling.MetricValueStatus") },
        ["autoscaling.ExternalMetricStatus"] = new()
        {
            [1] = Message("metric", "autoscaling.MetricIdentifier"), [2] = Message("current", "autoscaling.MetricValueStatus"),
        },
        ["autoscaling.ContainerResourceMetricStatus"] = new()
        {
            [1] = Str("name"), [2] = Message("current", "autoscaling.MetricValueStatus"), [3] = Str("container"),
        },
        ["autoscaling.MetricTarget"] = new()
        {
            [1] = Str("type"), [2] = QuantityPtr("value"), [3] = QuantityPtr("averageValue"), [4] = I32Ptr("averageUtilization"),
        },
        ["autoscaling.MetricIdentifier"] = new() { [1] = Str("name"), [2] = MessagePtr("selector", "meta.LabelSelector") },
        ["autoscaling.HPAScalingPolicy"] = new() { [1] = Str("type"), [2] = I32("value"), [3] = I32("periodSeconds") },
        ["autoscaling.MetricValueStatus"] = new()
        {
            [1] = QuantityPtr("value"), [2] = QuantityPtr("averageValue"), [3] = I32Ptr("averageUtilization"),
        },
    };
}
