using k8s.Models;

namespace ChaosLab.Scheduler.Framework;

/// <summary>Reads resource lists (requests, limits, allocatable) into scheduler units.</summary>
public static class Quantities
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string Pods = "pods";

    public static ResourceAmounts Of(IDictionary<string, ResourceQuantity>? resources) =>
        resources is null ? ResourceAmounts.Zero : new(MilliCpu(resources), Value(resources, Memory));

    /// <summary>CPU in millicores, rounded up like upstream's Quantity.MilliValue.</summary>
    public static long MilliCpu(IDictionary<string, ResourceQuantity>? resources) =>
        resources is not null && resources.TryGetValue(Cpu, out var q) && q is not null
            ? (long)Math.Ceiling(q.ToDecimal() * 1000m)
            : 0;

    /// <summary>A whole-number quantity (bytes, pod count), rounded up like Quantity.Value.</summary>
    public static long Value(IDictionary<string, ResourceQuantity>? resources, string name) =>
        resources is not null && resources.TryGetValue(name, out var q) && q is not null
            ? (long)Math.Ceiling(q.ToDecimal())
            : 0;
}
