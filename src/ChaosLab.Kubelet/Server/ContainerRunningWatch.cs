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
                    try
                    {
                        var status = await runtime.ContainerStatusAsync(containerId, _stop.Token);
                        _running = status is { State: ContainerRunState.Running or ContainerRunState.Created };
                    }
                    catch (CriException) when (!_stop.IsCancellationRequested)
                    {
                        // The runtime is away (restarting, say): ask again at the next tick rather than follow for ever.
                    }
                }
                while (_running && await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException)
            {
                // Disposed.
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
