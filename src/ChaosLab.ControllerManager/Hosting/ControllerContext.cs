using ChaosLab.Client.Informers;
using k8s;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.Hosting;

/// <summary>What every controller gets: the API client, shared informers, options, a clock, logs and metrics.</summary>
internal sealed record ControllerContext(
    IKubernetes Client,
    InformerFactory Informers,
    ControllerManagerOptions Options,
    TimeProvider Time,
    ILoggerFactory Loggers,
    ControllerMetrics Metrics)
{
    /// <summary>The cluster CA (PEM) to publish into every namespace; null when none is known.</summary>
    public string? RootCaBundle { get; init; }
}
