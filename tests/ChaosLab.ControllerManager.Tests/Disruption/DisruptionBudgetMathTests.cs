using ChaosLab.ControllerManager.Disruption;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.Disruption;

[Category("Unit")]
public sealed class DisruptionBudgetMathTests
{
    private static V1PodDisruptionBudgetSpec Spec(string? minAvailable = null, string? maxUnavailable = null) => new()
    {
        MinAvailable = minAvailable is null ? null : (IntOrString)minAvailable,
        MaxUnavailable = maxUnavailable is null ? null : (IntOrString)maxUnavailable,
    };

    [Test]
    public void An_integer_minAvailable_counts_the_matching_pods_and_needs_no_scale()
    {
        Assert.That(DisruptionBudgetMath.NeedsScale(Spec(minAvailable: "2")), Is.False);
        Assert.That(DisruptionBudgetMath.Desired(Spec(minAvailable: "2"), podCount: 3, scale: 0), Is.EqualTo((3, 2)));
    }

    [Test]
    public void Percentages_and_maxUnavailable_take_the_controllers_scale_rounding_up()
    {
        Assert.That(DisruptionBudgetMath.NeedsScale(Spec(minAvailable: "50%")), Is.True);
        Assert.That(DisruptionBudgetMath.NeedsScale(Spec(maxUnavailable: "1")), Is.True);
        Assert.That(DisruptionBudgetMath.Desired(Spec(minAvailable: "50%"), podCount: 2, scale: 5), Is.EqualTo((5, 3)));
        Assert.That(DisruptionBudgetMath.Desired(Spec(maxUnavailable: "25%"), podCount: 5, scale: 5), Is.EqualTo((5, 3)), "25% of 5 rounds up to 2 unavailable");
        Assert.That(DisruptionBudgetMath.Desired(Spec(maxUnavailable: "10"), podCount: 3, scale: 3), Is.EqualTo((3, 0)), "never below zero");
    }

    [Test]
    public void Disruptions_allowed_are_the_healthy_pods_above_the_desired_and_none_without_expected_pods()
    {
        Assert.That(DisruptionBudgetMath.DisruptionsAllowed(currentHealthy: 3, desiredHealthy: 2, expected: 3), Is.EqualTo(1));
        Assert.That(DisruptionBudgetMath.DisruptionsAllowed(currentHealthy: 1, desiredHealthy: 2, expected: 3), Is.Zero);
        Assert.That(DisruptionBudgetMath.DisruptionsAllowed(currentHealthy: 2, desiredHealthy: 0, expected: 0), Is.Zero);
    }

    [Test]
    public void Healthy_pods_are_ready_not_terminating_and_not_just_evicted()
    {
        var pods = new List<V1Pod> { Pod("a"), Pod("b"), Pod("c", ready: false), Pod("d").Terminating() };
        var disrupted = new Dictionary<string, DateTime?> { ["b"] = Now.UtcDateTime };

        Assert.That(DisruptionBudgetMath.CountHealthy(pods, disrupted), Is.EqualTo(1));
    }

    [Test]
    public void Recorded_evictions_stand_until_their_pod_terminates_or_two_minutes_pass()
    {
        var pods = new List<V1Pod> { Pod("fresh"), Pod("stale"), Pod("going").Terminating() };
        var recorded = new Dictionary<string, DateTime?>
        {
            ["fresh"] = Now.AddSeconds(-30).UtcDateTime,
            ["stale"] = Now.AddMinutes(-3).UtcDateTime,
            ["going"] = Now.AddSeconds(-10).UtcDateTime,
            ["gone"] = Now.AddSeconds(-10).UtcDateTime,
        };

        var standing = DisruptionBudgetMath.StandingDisruptions(recorded, pods, Now, out var recheckAt);

        Assert.That(standing.Keys, Is.EqualTo(new[] { "fresh" }));
        Assert.That(recheckAt, Is.EqualTo(Now.AddSeconds(90)));
    }

    [Test]
    public void The_condition_follows_disruptions_allowed()
    {
        var status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 1, ObservedGeneration = 3 };
        DisruptionAllowedCondition.FromAllowed(status, Now);
        Assert.That(status.Conditions.Single(), Has.Property("Status").EqualTo("True").And.Property("Reason").EqualTo("SufficientPods").And.Property("ObservedGeneration").EqualTo(3));
        Assert.That(DisruptionAllowedCondition.UpToDate(status), Is.True);

        status.DisruptionsAllowed = 0;
        Assert.That(DisruptionAllowedCondition.UpToDate(status), Is.False);
        DisruptionAllowedCondition.FromAllowed(status, Now.AddMinutes(1));
        Assert.That(status.Conditions.Single(), Has.Property("Status").EqualTo("False").And.Property("Reason").EqualTo("InsufficientPods"));
        Assert.That(status.Conditions.Single().LastTransitionTime, Is.EqualTo(Now.AddMinutes(1).UtcDateTime));
    }
}
