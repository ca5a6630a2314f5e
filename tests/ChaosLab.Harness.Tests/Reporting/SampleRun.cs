using ChaosLab.Harness.Reporting;

namespace ChaosLab.Harness.Tests.Reporting;

/// <summary>
/// A small run as the harness records one: two features, four scenarios (passed with a fault and probes, failed under a
/// fault, skipped, ignored). The numbers are chosen so that the expected score can be worked out by hand.
/// </summary>
internal static class SampleRun
{
    public const string FailoverFeature = "Control plane failover";
    public const string WorkloadsFeature = "Workloads";
    public const string PassedTitle = "A stand-by scheduler takes over when the leader is killed";
    public const string FailedTitle = "The controller manager elects a new leader during an etcd partition";
    public const string SkippedTitle = "Pods move away from a stopped node";
    public const string IgnoredTitle = "<script>alert(1)</script> rolls out & scales";
    public const string Failure = "Expected a new leader of kube-controller-manager within 6.00 s but it took 9.40 s\n   at \u001b[31mLeaseSteps\u001b[0m.ANewLeaderWithin() ]]> <done/>";
    public const string SkipReason = "the target's provider cannot stop nodes";

    public static readonly DateTimeOffset Start = new(2026, 11, 25, 16, 15, 0, TimeSpan.Zero);

    /// <summary>
    /// The passed scenario's API writes probe: a sample every 0.5 s over 20 s, the two at +6.0 s and +6.5 s failing.
    /// Its fault is in place from +5 s (injected) to +16 s (heal verified): 23 samples, 21 successful.
    /// The service probe never fails. Both bounds are met, so the scenario scores 100 × 1 × mean(21/23, 1).
    /// </summary>
    public const double PassedScenarioScore = 100 * ((21.0 / 23) + 1) / 2;

    /// <summary>The failed scenario counts 0; the skipped and ignored ones are not scored.</summary>
    public const double RunScore = (PassedScenarioScore + 0) / 2;

    public static RunRecord Create() => new RunRecord
    {
        RunId = "20261125-161500",
        StartedAt = Start,
        EndedAt = At(Start, 75),
        Target = "bundled lab (topology ha)",
        Machine = "ci-runner-3, 2 cores, 7 GiB",
    }.With(Passed(), Failed(), Skipped(), Ignored());

    /// <summary>Whole milliseconds, as results.json stores times, so that a record read back compares equal.</summary>
    private static DateTimeOffset At(DateTimeOffset origin, double seconds) => origin.AddMilliseconds(Math.Round(seconds * 1000));

    private static RunRecord With(this RunRecord run, params ScenarioRecord[] scenarios)
    {
        foreach (var scenario in scenarios)
            run.AddScenario(scenario);
        return run;
    }

    private static ScenarioRecord Passed()
    {
        var t0 = At(Start, 1);
        var scenario = new ScenarioRecord
        {
            Id = "Control_plane_failover.A_stand_by_scheduler_takes_over_when_the_leader_is_killed",
            Feature = FailoverFeature,
            Title = PassedTitle,
            FeatureFile = "features/control-plane/failover.feature",
            Tags = ["topology:ha", "chaos", "scheduler"],
            Topology = "ha",
            TimingProfile = "fast",
            StartedAt = t0,
            Duration = TimeSpan.FromSeconds(20.5),
            Verdict = Verdict.Passed,
        };
        scenario.AddStep(new StepRecord("Given", "a cluster of topology ha", "passed", TimeSpan.FromSeconds(1.25), null));
        scenario.AddStep(new StepRecord("When", "I kill the scheduler leader", "passed", TimeSpan.FromSeconds(0.4), null));
        scenario.AddStep(new StepRecord("Then", "a stand-by scheduler holds the lease within the failover bound", "passed", TimeSpan.FromSeconds(4.2), null));

        scenario.AddFault(new FaultWindow("f1", "component-kill", "kill kube-scheduler on cp-1 (the leader)", At(t0, 5), At(t0, 5.3), At(t0, 15), At(t0, 16)));
        scenario.AddTimeline(new TimelineEvent(At(t0, 5), "fault", "injected", "f1 kill kube-scheduler on cp-1"));
        scenario.AddTimeline(new TimelineEvent(At(t0, 5.3), "fault", "effect", "f1 process gone"));
        scenario.AddTimeline(new TimelineEvent(At(t0, 8.1), "lease", "leader-change", "kube-scheduler: cp-1 → cp-2"));
        scenario.AddTimeline(new TimelineEvent(At(t0, 9), "event", "LeaderElection", "Lease/kube-scheduler: cp-2 became leader"));
        scenario.AddTimeline(new TimelineEvent(At(t0, 15), "fault", "healed", "f1 supervisor restarted kube-scheduler"));
        scenario.AddTimeline(new TimelineEvent(At(t0, 16), "fault", "heal-verified", "f1 process running"));
        scenario.AddLeaderChange(new LeaderChange(At(t0, 0.2), "kube-scheduler", null, "cp-1"));
        scenario.AddLeaderChange(new LeaderChange(At(t0, 8.1), "kube-scheduler", "cp-1", "cp-2"));
        scenario.AddBound(new BoundCheck("lease expiry noticed", "detect", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3.1), true, "leaseDuration 4s + 2 × retryPeriod 0.5s (profile fast)"));
        scenario.AddBound(new BoundCheck("stand-by holds the lease", "failover", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3.4), true, "leaseDuration 4s + 2 × retryPeriod 0.5s (profile fast)"));

        var writes = scenario.GetOrAddProbe("API writes");
        var service = scenario.GetOrAddProbe("service web from worker-2");
        for (var i = 0; i <= 40; i++)
        {
            var at = At(t0, i * 0.5);
            var fails = i is 12 or 13;
            writes.AddSample(new ProbeSample(at, !fails, fails ? 1000 : 8 + (i % 5), fails ? "context deadline exceeded" : null));
            service.AddSample(new ProbeSample(at, true, 1.5 + (i % 3 * 0.25), null));
        }

        return scenario;
    }

    private static ScenarioRecord Failed()
    {
        var t0 = At(Start, 25);
        var scenario = new ScenarioRecord
        {
            Id = "Control_plane_failover.The_controller_manager_elects_a_new_leader_during_an_etcd_partition",
            Feature = FailoverFeature,
            Title = FailedTitle,
            FeatureFile = "features/control-plane/failover.feature",
            Tags = ["topology:ha", "chaos", "etcd"],
            Topology = "ha",
            TimingProfile = "fast",
            StartedAt = t0,
            Duration = TimeSpan.FromSeconds(30.25),
            Verdict = Verdict.Failed,
            Failure = Failure,
        };
        scenario.AddStep(new StepRecord("Given", "a cluster of topology ha", "passed", TimeSpan.FromSeconds(0.8), null));
        scenario.AddStep(new StepRecord("When", "I partition the etcd leader from its peers", "passed", TimeSpan.FromSeconds(1.1), null));
        scenario.AddStep(new StepRecord("Then", "kube-controller-manager has a new leader within the failover bound", "failed", TimeSpan.FromSeconds(9.4), Failure));
        scenario.AddFault(new FaultWindow("f1", "network-partition", "etcd leader cp-1 | cp-2, cp-3", At(t0, 3), At(t0, 3.5), At(t0, 20), null));
        scenario.AddBound(new BoundCheck("new controller-manager leader", "failover", TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(9.4), false, "leaseDuration 4s + 2 × retryPeriod 0.5s + election 1s (profile fast)"));
        var writes = scenario.GetOrAddProbe("API writes");
        for (var i = 0; i < 20; i++)
            writes.AddSample(new ProbeSample(At(t0, i), i is < 5 or > 12, i is < 5 or > 12 ? 9 : 2000, i is < 5 or > 12 ? null : "etcdserver: request timed out"));
        return scenario;
    }

    private static ScenarioRecord Skipped() => new()
    {
        Id = "Workloads.Pods_move_away_from_a_stopped_node",
        Feature = WorkloadsFeature,
        Title = SkippedTitle,
        FeatureFile = "features/workloads/rescheduling.feature",
        Tags = ["chaos", "node"],
        Topology = "ha",
        TimingProfile = "fast",
        StartedAt = At(Start, 56),
        Duration = TimeSpan.FromSeconds(0.05),
        Verdict = Verdict.Skipped,
        SkipReason = SkipReason,
    };

    private static ScenarioRecord Ignored() => new()
    {
        Id = "Workloads._script_alert_1_script_rolls_out_scales",
        Feature = WorkloadsFeature,
        Title = IgnoredTitle,
        FeatureFile = "features/workloads/deployments.feature",
        Tags = ["ignore"],
        StartedAt = At(Start, 57),
        Verdict = Verdict.Ignored,
        SkipReason = "@ignore",
    };
}
