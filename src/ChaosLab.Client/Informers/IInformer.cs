namespace ChaosLab.Client.Informers;

/// <summary>What a component needs to start informers of different types and wait for their caches.</summary>
public interface IInformer
{
    /// <summary>A name for logs, e.g. "pods" or "pods(spec.nodeName=node-1)".</summary>
    string Name { get; }

    /// <summary>True once the first LIST has been stored and delivered to the handlers.</summary>
    bool HasSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>Lists, watches and re-lists until <paramref name="cancellationToken"/> is cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
