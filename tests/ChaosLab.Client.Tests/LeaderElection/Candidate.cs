using System.Collections.Concurrent;
using System.Diagnostics;
using ChaosLab.Client.LeaderElection;

namespace ChaosLab.Client.Tests.LeaderElection;

/// <summary>A running <see cref="LeaderElector"/> with a record of what its callbacks saw, for assertions.</summary>
internal sealed class Candidate : IAsyncDisposable
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    private Candidate(string identity, FakeLeaseServer server)
    {
        Identity = identity;
        Client = server.ClientFor(identity);
    }

    public string Identity { get; }

    public FakeLeaseClient Client { get; }

    public LeaderElector Elector { get; private set; } = null!;

    public TimeSpan? StartedAt { get; private set; }

    public TimeSpan? StoppedAt { get; private set; }

    public CancellationToken LeadingToken { get; private set; }

    public ConcurrentQueue<string> NewLeaders { get; } = new();

    public static TimeSpan Now => Clock.Elapsed;

    public static Candidate Start(string identity, FakeLeaseServer server, bool releaseOnCancel = false)
    {
        var candidate = new Candidate(identity, server);
        candidate.Elector = new LeaderElector(candidate.Config(releaseOnCancel), candidate.Client);
        candidate._run = Task.Run(() => candidate.Elector.RunAsync(candidate._stop.Token));
        return candidate;
    }

    public static LeaderElectionConfig FastTimings(string identity) => new()
    {
        LockNamespace = "kube-system",
        LockName = "lock",
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(1),
        RenewDeadline = TimeSpan.FromMilliseconds(500),
        RetryPeriod = TimeSpan.FromMilliseconds(100),
        OnStartedLeading = _ => Task.CompletedTask,
    };

    /// <summary>Stops the elector and waits for RunAsync to return.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(Eventually.DefaultTimeout);
    }

    /// <summary>RunAsync's task, which completes when the candidate has stopped leading or was stopped.</summary>
    public Task Run => _run;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private LeaderElectionConfig Config(bool releaseOnCancel)
    {
        var timings = FastTimings(Identity);
        return new LeaderElectionConfig
        {
            LockNamespace = timings.LockNamespace,
            LockName = timings.LockName,
            Identity = Identity,
            LeaseDuration = timings.LeaseDuration,
            RenewDeadline = timings.RenewDeadline,
            RetryPeriod = timings.RetryPeriod,
            ReleaseOnCancel = releaseOnCancel,
            OnStartedLeading = async token =>
            {
                LeadingToken = token;
                StartedAt = Now;
                await Task.Delay(Timeout.Infinite, token);
            },
            OnStoppedLeading = () => StoppedAt = Now,
            OnNewLeader = NewLeaders.Enqueue,
        };
    }
}
