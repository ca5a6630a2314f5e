using System.Globalization;
using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>Which ReplicaSet is new, creating it, and keeping revision numbers on ReplicaSets and the deployment.</summary>
internal sealed partial class DeploymentPlanner
{
    /// <summary>
    /// Finds the ReplicaSet running the current template (creating it if asked), keeps its revision the
    /// highest, and mirrors that revision on the deployment.
    /// </summary>
    private (V1ReplicaSet? New, List<V1ReplicaSet> Old) GetAllAndSyncRevision(bool createIfMissing)
    {
        var (newRs, old) = FindReplicaSets();
        var newRevision = old.Select(DeploymentAnnotations.RevisionOf).DefaultIfEmpty(0).Max() + 1;
        if (newRs is not null)
        {
            var annotationsChanged = DeploymentAnnotations.SetNewReplicaSetAnnotations(_d, newRs, newRevision);
            if (annotationsChanged || newRs.Spec.MinReadySeconds != _d.Spec.MinReadySeconds)
            {
                newRs.Spec.MinReadySeconds = _d.Spec.MinReadySeconds;
                MarkChanged(newRs);
            }
            SetDeploymentRevision(newRs.Metadata.Annotations[DeploymentAnnotations.Revision]);
            if (DeploymentStatusCalculator.HasProgressDeadline(_d) && DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing) is null)
            {
                DeploymentConditions.Set(_d.Status, DeploymentConditions.New(
                    DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewReplicaSet, $"Found new replica set \"{newRs.Metadata.Name}\"", _now));
            }
            return (newRs, old);
        }
        if (!createIfMissing)
        {
            return (null, old);
        }
        var created = NewReplicaSet(newRevision);
        created.Spec.Replicas = RolloutMath.NewReplicaSetReplicas(_d, old.Append(created), created);
        _created = created;
        _sets.Add(created);
        SetDeploymentRevision(newRevision.ToString(CultureInfo.InvariantCulture));
        if (DeploymentStatusCalculator.HasProgressDeadline(_d))
        {
            DeploymentConditions.Set(_d.Status, DeploymentConditions.New(
                DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{created.Metadata.Name}\"", _now));
        }
        return (created, old);
    }

    private V1ReplicaSet NewReplicaSet(long revision)
    {
        var hash = PodTemplateHash.Compute(_d.Spec.Template, _d.Status.CollisionCount);
        var template = ObjectJson.Clone(_d.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>())
        {
            [PodTemplateHash.LabelKey] = hash,
        };
        var selector = ObjectJson.Clone(_d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>())
        {
            [PodTemplateHash.LabelKey] = hash,
        };
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                // Deterministic, so a create repeated after a lost response is harmless (409, then found).
                Name = $"{_d.Metadata.Name}-{hash}",
                NamespaceProperty = _d.Metadata.NamespaceProperty,
                OwnerReferences = [OwnerReferences.ControllerRef(_d.Metadata, "apps/v1", "Deployment")],
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 0,
                MinReadySeconds = _d.Spec.MinReadySeconds,
                Selector = selector,
                Template = template,
            },
        };
        DeploymentAnnotations.SetNewReplicaSetAnnotations(_d, rs, revision);
        var desired = RolloutMath.Replicas(_d);
        DeploymentAnnotations.SetReplicas(rs, desired, desired + RolloutMath.MaxSurge(_d));
        return rs;
    }

    /// <summary>
    /// The oldest ReplicaSet whose template equals the deployment's once the pod-template-hash label is
    /// ignored (upstream's FindNewReplicaSet); the rest are old.
    /// </summary>
    private (V1ReplicaSet? New, List<V1ReplicaSet> Old) FindReplicaSets()
    {
        var sorted = ReplicaSetOrder.Sorted(_sets, ReplicaSetOrder.ByCreation);
        var wanted = TemplateWithoutHash(_d.Spec?.Template);
        var newRs = sorted.FirstOrDefault(rs => TemplateWithoutHash(rs.Spec?.Template) == wanted);
        return (newRs, [.. sorted.Where(rs => !ReferenceEquals(rs, newRs))]);
    }

    private static string TemplateWithoutHash(V1PodTemplateSpec? template)
    {
        if (template is null)
        {
            return "";
        }
        var copy = ObjectJson.Clone(template);
        copy.Metadata?.Labels?.Remove(PodTemplateHash.LabelKey);
        return ObjectJson.Canonical(copy);
    }
}
