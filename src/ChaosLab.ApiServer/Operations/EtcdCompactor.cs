using ChaosLab.ApiServer.Storage;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Operations;

/// <summary>
/// Compacts etcd periodically like upstream: at each tick, to the revision seen at the previous tick,
/// so a watcher always has at least one interval of history.
/// </summary>
public sealed class EtcdCompactor(EtcdStore store, TimeSpan interval, ILogger logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        long previous = 0;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                var current = await store.CurrentRevisionAsync(ct);
                if (previous > 0)
                {
                    await store.CompactAsync(previous, ct);
                    logger.LogInformation("compacted etcd to revision {Revision}", previous);
                }
                previous = current;
            }
            catch (StorageException ex)
            {
                // Another API server compacted further, or etcd is down: try again next tick.
                logger.LogInformation("compaction skipped: {Reason}", ex.Message);
            }
        }
    }
}
