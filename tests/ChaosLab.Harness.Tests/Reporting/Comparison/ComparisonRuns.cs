using ChaosLab.Harness.Reporting;

namespace ChaosLab.Harness.Tests.Reporting.Comparison;

/// <summary>
/// Two small runs of the same three scenarios, one per timing profile, made to differ in known ways: the kubelet scenario
/// passes in both with a bound measured 3 s against 45 s; the worker-pause scenario passes on fast and fails on kubernetes
/// (bound missed); the DNS scenario runs on fast and is skipped on kubernetes for a capability the target lacks.
/// </summary>
internal static class ComparisonRuns
{
    public const string KubeletTitle = "Killing the kubelet keeps its pods running and serving";
    public const string PauseTitle = "A worker paused and resumed goes not Ready then Ready again";
    public const string DnsTitle = "Killing the worker with the most DNS pods";
    public const string SkipReason = "cluster of kubeconfig /tmp/k.yaml cannot take this fault: no Docker container found for node node-a";

    public static readonly DateTimeOffset Start = new(2026, 12, 7, 23, 0, 0, TimeSpan.Zero);

    public static RunRecord Fast() => Run("20261207-230000", "ChaosLab lab travel-fast of kubeconfig /tmp/fast.yaml", "fast", Start,
        Scenario("Pods_survive_their_kubelet." + Id(KubeletTitle), "Pods survive their kubelet", KubeletTitle, "fast", Verdict.Passed,
            bound: Bound("cluster healthy after the heal", 8, 3.0, met: true, "fast"), availability: (19, 20)),
        Scenario("A_frozen_worker." + Id(PauseTitle), "A frozen worker is detected and comes back", PauseTitle, "fast", Verdict.Passed,
            bound: Bound("node worker-1 detected not Ready", 9, 6.2, met: true, "fast"), availability: null),
        Scenario("Cluster_DNS." + Id(DnsTitle), "Cluster DNS answers again", DnsTitle, "fast", Verdict.Passed, bound: null, availability: (10, 10)));

    public static RunRecord Kubernetes() => Run("20261207-231500", "ChaosLab lab travel-k8s of kubeconfig /tmp/k8s.yaml", "kubernetes", Start.AddMinutes(15),
        Scenario("Pods_survive_their_kubelet." + Id(KubeletTitle), "Pods survive their kubelet", KubeletTitle, "kubernetes", Verdict.Passed,
            bound: Bound("cluster healthy after the heal", 52, 45.0, met: true, "kubernetes"), availability: (15, 20)),
        Scenario("A_frozen_worker." + Id(PauseTitle), "A frozen worker is detected and comes back", PauseTitle, "kubernetes", Verdict.Failed,
            bound: Bound("node worker-2 detected not Ready", 52, null, met: false, "kubernetes"), availability: null),
        Scenario("Cluster_DNS." + Id(DnsTitle), "Cluster DNS answers again", DnsTitle, "kubernetes", Verdict.Skipped, bound: null, availability: null));

    private static string Id(string title) => title.Replace(' ', '_');

    private static RunRecord Run(string id, string target, string label, DateTimeOffset start, params ScenarioRecord[] scenarios)
    {
        var run = new RunRecord { RunId = id, StartedAt = start, EndedAt = start.AddMinutes(label == "fast" ? 3 : 9), Target = target, Machine = "test, 2 cores, 24 GiB" };
        var at = start;
        foreach (var scenario in scenarios)
        {
            scenario.StartedAt = at;
            at += scenario.Duration;
            run.AddScenario(scenario);
        }
        return run;
    }

    private static BoundCheck Bound(string what, double bound, double? measured, bool met, string profile) =>
        new(what, "recover", TimeSpan.FromSeconds(bound), measured is { } m ? TimeSpan.FromSeconds(m) : null, met, $"node-failure bound (profile {profile})");

    private static ScenarioRecord Scenario(string id, string feature, string title, string profile, Verdict verdict, BoundCheck? bound, (int Ok, int Total)? availability)
    {
        var scenario = new ScenarioRecord
        {
            Id = id,
            Feature = feature,
            Title = title,
            Topology = "single",
            TimingProfile = profile,
            Duration = TimeSpan.FromSeconds(30),
            Verdict = verdict,
            Failure = verdict == Verdict.Failed ? "expected node detected not Ready within 52 s" : null,
            SkipReason = verdict == Verdict.Skipped ? SkipReason : null,
        };
        if (bound is not null)
        {
            scenario.AddBound(bound);
        }
        if (availability is { } counts)
        {
            var (ok, total) = counts;
            scenario.AddFault(new FaultWindow("f1", "node-kill", "kill kubelet", Start, null, null, null));
            var probe = scenario.GetOrAddProbe("service web");
            for (var i = 0; i < total; i++)
            {
                probe.AddSample(new ProbeSample(Start.AddSeconds(i), i < ok, 5, i < ok ? null : "timeout"));
            }
        }
        return scenario;
    }
}
