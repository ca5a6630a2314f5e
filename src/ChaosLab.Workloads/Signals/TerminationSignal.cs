using System.Runtime.InteropServices;

namespace ChaosLab.Workloads.Signals;

/// <summary>
/// SIGTERM and SIGINT as a task: the kubelet stops a container with SIGTERM, a person with Ctrl-C.
/// While registered, the default action (process exit) is cancelled so the workload can exit its own way.
/// </summary>
public sealed class TerminationSignal : IDisposable
{
    private readonly TaskCompletionSource<PosixSignal> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;

    public TerminationSignal(Action<PosixSignal>? onSignal = null)
    {
        _registrations = [Register(PosixSignal.SIGTERM, onSignal), Register(PosixSignal.SIGINT, onSignal)];
    }

    /// <summary>Completes with the first termination signal received.</summary>
    public Task<PosixSignal> Received => _received.Task;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private PosixSignalRegistration Register(PosixSignal signal, Action<PosixSignal>? onSignal) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            onSignal?.Invoke(context.Signal);
            _received.TrySetResult(context.Signal);
        });
}
