using ChaosLab.ControllerManager.Deployments;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.Deployments;

/// <summary>
/// Applies deployment plans to in-memory ReplicaSets the way the API server and the ReplicaSet
/// controller would: created sets get a uid and a creation time, status follows spec, and pods of the
/// new ReplicaSet become available only when the test says so.
/// </summary>
internal sealed class RolloutSimulation(V1Deployment deployment, IEnumerable<V1ReplicaSet> replicaSets)
{
    private readonly List<V1ReplicaSet> _sets = [.. replicaSets];
    private DateTimeOffset _now = TestObjects.Now;
    private int _created;

    public V1Deployment Deployment { get; private set; } = deployment;

    public IReadOnlyList<V1ReplicaSet> Sets => _sets;

    public V1ReplicaSet Newest => _sets.OrderBy(rs => rs.Metadata.CreationTimestamp).Last();

    public V1ReplicaSet Oldest => _sets.OrderBy(rs => rs.Metadata.CreationTimestamp).First();

    public int TotalSpec => _sets.Sum(rs => rs.Spec.Replicas ?? 0);

    public int TotalAvailable => _sets.Sum(rs => rs.Status?.AvailableReplicas ?? 0);

    public DeploymentPlan Step()
    {
        _now = _now.AddSeconds(10);
        var plan = DeploymentPlanner.Plan(Deployment, _sets, [], _now);
        if (plan.Create is { } created)
        {
            created.Metadata.Uid = $"created-{++_created}";
            created.Metadata.CreationTimestamp = _now.UtcDateTime;
            created.Metadata.Generation = 1;
            _sets.Add(created);
        }
        foreach (var update in plan.Updates)
        {
            _sets[_sets.FindIndex(rs => rs.Metadata.Name == update.Metadata.Name)] = update;
        }
        _sets.RemoveAll(rs => plan.Deletes.Any(d => d.Metadata.Name == rs.Metadata.Name));
        foreach (var rs in _sets)
        {
            // The ReplicaSet controller deletes unavailable pods first, and new pods start unavailable.
            var spec = rs.Spec.Replicas ?? 0;
            var available = Math.Min(rs.Status?.AvailableReplicas ?? 0, spec);
            rs.Status = new V1ReplicaSetStatus { Replicas = spec, ReadyReplicas = available, AvailableReplicas = available, ObservedGeneration = 1 };
        }
        if (plan.Status is { } status)
        {
            Deployment = Deployment with { Status = status };
        }
        if (plan.Revision is { } revision)
        {
            Deployment.Metadata.Annotations ??= new Dictionary<string, string>();
            Deployment.Metadata.Annotations[DeploymentAnnotations.Revision] = revision;
        }
        return plan;
    }

    public void MakeAllAvailable()
    {
        foreach (var rs in _sets)
        {
            rs.Status.AvailableReplicas = rs.Status.ReadyReplicas = rs.Spec.Replicas;
        }
    }

    public void Update(Action<V1Deployment> change)
    {
        change(Deployment);
        Deployment.Metadata.Generation++;
    }
}
