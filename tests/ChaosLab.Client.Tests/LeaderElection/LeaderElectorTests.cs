using ChaosLab.Client.LeaderElection;

namespace ChaosLab.Client.Tests.LeaderElection;

[Category("Unit")]
public sealed class LeaderElectorTests
{
    private static readonly LeaderElectionConfig Timings = Candidate.FastTimings("timings");

    [Test]
    public async Task A_single_candidate_creates_the_lease_and_leads()
    {
        var server = new FakeLeaseServer();
        await using var a = Candidate.Start("host-a_1", server);

        await Eventually.AssertAsync(() => a.StartedAt is not null, "a started leading");

        var record = server.Record!;
        Assert.Multiple(() =>
        {
            Assert.That(a.Elector.IsLeader, Is.True);
            Assert.That(a.Elector.LeaderIdentity, Is.EqualTo("host-a_1"));
            Assert.That(a.NewLeaders, Is.EqualTo(new[] { "host-a_1" }));
            Assert.That(record.HolderIdentity, Is.EqualTo("host-a_1"));
            Assert.That(record.LeaseDurationSeconds, Is.EqualTo(1));
            Assert.That(record.LeaseTransitions, Is.Zero);
            Assert.That(record.AcquireTime, Is.Not.Null);
        });
    }

    [Test]
    public async Task The_leader_renews_renewTime_but_keeps_acquireTime_and_transitions()
    {
        var server = new FakeLeaseServer();
        await using var a = Candidate.Start("a", server);
        await Eventually.AssertAsync(() => a.Elector.IsLeader, "a leads");
        var first = server.Record!;

        await Eventually.AssertAsync(() => server.Record!.RenewTime > first.RenewTime, "a renewed");

        var renewed = server.Record!;
        Assert.That(renewed.AcquireTime, Is.EqualTo(first.AcquireTime));
        Assert.That(renewed.LeaseTransitions, Is.Zero);
        Assert.That(renewed.HolderIdentity, Is.EqualTo("a"));
    }

    [Test]
    public async Task A_second_candidate_waits_while_the_lease_is_renewed_then_takes_over_after_expiry()
    {
        var server = new FakeLeaseServer();
        await using var a = Candidate.Start("a", server);
        await Eventually.AssertAsync(() => a.Elector.IsLeader, "a leads");
        await using var b = Candidate.Start("b", server);

        // Several lease durations: b must keep deferring to a live leader.
        await Task.Delay(Timings.LeaseDuration * 1.5);
        Assert.That(b.Elector.IsLeader, Is.False);
        Assert.That(b.Elector.LeaderIdentity, Is.EqualTo("a"));

        await a.StopAsync();
        var aStopped = Candidate.Now;
        await Eventually.AssertAsync(() => b.StartedAt is not null, "b took over");

        Assert.Multiple(() =>
        {
            Assert.That(b.StartedAt!.Value - aStopped, Is.GreaterThanOrEqualTo(Timings.LeaseDuration * 0.5),
                "b waited for the lease to expire by its own clock");
            Assert.That(server.Record!.HolderIdentity, Is.EqualTo("b"));
            Assert.That(server.Record!.LeaseTransitions, Is.EqualTo(1));
            Assert.That(b.NewLeaders, Is.EqualTo(new[] { "a", "b" }));
        });
    }

    [Test]
    public async Task A_leader_that_cannot_renew_stops_leading_within_the_renew_deadline_before_anyone_takes_over()
    {
        var server = new FakeLeaseServer();
        await using var a = Candidate.Start("a", server);
        await Eventually.AssertAsync(() => a.StartedAt is not null, "a leads");
        await using var b = Candidate.Start("b", server);

        a.Client.Partitioned = true;
        var cutOff = Candidate.Now;
        await Eventually.AssertAsync(() => a.StoppedAt is not null, "a stopped leading");
        await Eventually.AssertAsync(() => b.StartedAt is not null, "b took over");

        Assert.Multiple(() =>
        {
            Assert.That(a.StoppedAt!.Value - cutOff, Is.LessThan(Timings.RenewDeadline + Timings.RetryPeriod + TimeSpan.FromMilliseconds(400)));
            Assert.That(a.LeadingToken.IsCancellationRequested, Is.True, "the leader's work was told to stop");
            Assert.That(a.Elector.IsLeader, Is.False);
            Assert.That(a.Run.IsCompleted, Is.True);
            Assert.That(a.StoppedAt!.Value, Is.LessThan(b.StartedAt!.Value), "never two leaders at once");
        });
    }

    [Test]
    public async Task Candidates_racing_to_create_the_lease_produce_exactly_one_leader()
    {
        var server = new FakeLeaseServer();
        var candidates = Enumerable.Range(0, 5).Select(i => Candidate.Start($"c{i}", server)).ToList();
        try
        {
            await Eventually.AssertAsync(() => candidates.Any(c => c.Elector.IsLeader), "someone leads");
            await Task.Delay(Timings.RetryPeriod * 3);

            Assert.That(candidates.Count(c => c.Elector.IsLeader), Is.EqualTo(1));
            Assert.That(server.Record!.LeaseTransitions, Is.Zero);
        }
        finally
        {
            foreach (var candidate in candidates)
            {
                await candidate.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task An_update_that_loses_the_race_with_409_leaves_the_winner_in_place()
    {
        var server = new FakeLeaseServer();
        var now = DateTime.UtcNow;
        server.Put(new LeaderElectionRecord("", 1, now, now, 3));
        server.BeforeUpdate = lease =>
        {
            // Another candidate writes between our GET and our PUT.
            server.BeforeUpdate = null;
            server.Put(new LeaderElectionRecord("other", 30, now, now, 4));
        };
        await using var a = Candidate.Start("a", server);

        await Eventually.AssertAsync(() => server.Conflicts > 0, "a's update conflicted");
        await Task.Delay(Timings.RetryPeriod * 3);

        Assert.Multiple(() =>
        {
            Assert.That(a.Elector.IsLeader, Is.False);
            Assert.That(a.Elector.LeaderIdentity, Is.EqualTo("other"));
            Assert.That(server.Record!.HolderIdentity, Is.EqualTo("other"));
        });
    }

    [Test]
    public async Task A_released_lease_is_taken_at_once_without_waiting_for_expiry()
    {
        var server = new FakeLeaseServer();
        var a = Candidate.Start("a", server, releaseOnCancel: true);
        await Eventually.AssertAsync(() => a.StartedAt is not null, "a leads");
        await using var b = Candidate.Start("b", server);
        await Eventually.AssertAsync(() => b.Elector.LeaderIdentity == "a", "b saw a leading");

        await a.DisposeAsync();
        var released = server.Record!;
        var releasedAt = Candidate.Now;
        await Eventually.AssertAsync(() => b.StartedAt is not null, "b took over");

        Assert.Multiple(() =>
        {
            Assert.That(released.HolderIdentity, Is.Empty);
            Assert.That(released.LeaseDurationSeconds, Is.EqualTo(1));
            Assert.That(a.StoppedAt, Is.Not.Null);
            Assert.That(b.StartedAt!.Value - releasedAt, Is.LessThan(Timings.LeaseDuration), "b did not wait out a full lease");
            Assert.That(server.Record!.LeaseTransitions, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_candidate_that_never_led_does_not_call_OnStoppedLeading()
    {
        var server = new FakeLeaseServer();
        server.Put(new LeaderElectionRecord("other", 30, DateTime.UtcNow, DateTime.UtcNow, 0));
        var a = Candidate.Start("a", server);
        await Eventually.AssertAsync(() => a.Elector.LeaderIdentity == "other", "a observed the holder");

        await a.DisposeAsync();

        Assert.That(a.StoppedAt, Is.Null);
        Assert.That(a.StartedAt, Is.Null);
    }
}
