using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Mutants;

/// <summary>
/// The apiserver-early-ack mutant: a write is answered as done at once and committed to etcd
/// <see cref="CommitDelay"/> later in the background; a commit that fails (a conflict with a newer write, an etcd
/// without quorum) is dropped with a log line, so the client was told of a write that never happened.
/// </summary>
public sealed class WriteBehindBuffer(ILogger logger)
{
    public static readonly TimeSpan CommitDelay = TimeSpan.FromSeconds(1);

    private long _pending;

    /// <summary>Writes acknowledged and not yet committed or dropped.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Starts the commit later and returns <paramref name="guessedRevision"/> as if it had been committed.</summary>
    public long Acknowledge(string key, Func<CancellationToken, Task<long>> commit, long guessedRevision)
    {
        ArgumentNullException.ThrowIfNull(commit);
        Interlocked.Increment(ref _pending);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(CommitDelay);
                await commit(CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogWarning("mutant {Mutant}: dropped the acknowledged write of {Key}: {Reason}", ApiServerMutants.EarlyAck, key, ex.Message);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        });
        return guessedRevision;
    }
}
