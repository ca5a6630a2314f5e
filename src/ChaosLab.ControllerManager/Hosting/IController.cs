namespace ChaosLab.ControllerManager.Hosting;

/// <summary>One control loop. RunAsync waits for its informers, then works until cancelled.</summary>
internal interface IController
{
    /// <summary>Upstream's controller name (--controllers), e.g. "replicaset".</summary>
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
