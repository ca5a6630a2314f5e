using ChaosLab.Cri;
using ChaosLab.Kubelet.Runtime;

namespace ChaosLab.Kubelet.Server;

/// <summary>
/// Whether a container still runs, asked of the runtime in the background at each interval, so that a log follower
/// can check it between reads without a call of its own. It says running until the runtime says otherwise.
/// </summary>
public sealed class ContainerRunningWatch : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _running = true;

    public ContainerRunningWatch(IRuntimeService runtime, string containerId, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                do
                {
                    var status = await runtime.ContainerStatusAsync(containerId, _stop.Token);
                    _running = status is { State: ContainerRunState.Running or ContainerRunState.Created };
                }
                while (_running && await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException or CriException)
            {
                // Disposed, or the runtime is away: the follower keeps what it has and the client decides.
            }
        });
    }

    public bool Running => _running;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
