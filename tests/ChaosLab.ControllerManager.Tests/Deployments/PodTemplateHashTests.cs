using ChaosLab.ControllerManager.Deployments;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.Deployments;

[Category("Unit")]
public class PodTemplateHashTests
{
    [Test]
    public void Same_template_gives_the_same_hash_whatever_the_label_order()
    {
        var a = DeploymentObjects.Template("echo:v1");
        a.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" };
        var b = DeploymentObjects.Template("echo:v1");
        b.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "web" };

        var first = PodTemplateHash.Compute(a, null);
        var again = PodTemplateHash.Compute(DeploymentObjects.Template("echo:v1") with { Metadata = a.Metadata }, null);

        Assert.That(PodTemplateHash.Compute(b, null), Is.EqualTo(first));
        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void Changed_template_or_collision_count_changes_the_hash()
    {
        var v1 = PodTemplateHash.Compute(DeploymentObjects.Template("echo:v1"), null);

        Assert.That(PodTemplateHash.Compute(DeploymentObjects.Template("echo:v2"), null), Is.Not.EqualTo(v1));
        Assert.That(PodTemplateHash.Compute(DeploymentObjects.Template("echo:v1"), 1), Is.Not.EqualTo(v1));
    }

    [Test]
    public void Hash_is_safe_encoded_digits()
    {
        var hash = PodTemplateHash.Compute(DeploymentObjects.Template("echo:v1"), null);

        Assert.That(hash, Does.Match("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$"));
    }

    [Test]
    public void Safe_encoding_maps_each_character_like_upstream()
    {
        // '0' is 48 and 48 % 27 = 21 → '4'; '1' → 22 → '5'; '9' is 57 → 3 → 'f'.
        Assert.That(PodTemplateHash.SafeEncode("019"), Is.EqualTo("45f"));
    }

    [Test]
    public void New_replica_set_is_named_after_the_hash_and_carries_it_everywhere()
    {
        var d = DeploymentObjects.Deployment(3);

        var plan = DeploymentPlanner.Plan(d, [], [], TestObjects.Now);

        var rs = plan.Create!;
        var hash = PodTemplateHash.Compute(d.Spec.Template, null);
        Assert.That(rs.Metadata.Name, Is.EqualTo($"web-{hash}"));
        Assert.That(rs.Metadata.Labels[PodTemplateHash.LabelKey], Is.EqualTo(hash));
        Assert.That(rs.Spec.Selector.MatchLabels[PodTemplateHash.LabelKey], Is.EqualTo(hash));
        Assert.That(rs.Spec.Template.Metadata.Labels[PodTemplateHash.LabelKey], Is.EqualTo(hash));
        Assert.That(rs.Metadata.OwnerReferences.Single().Uid, Is.EqualTo("d-uid"));
        Assert.That(rs.Spec.Replicas, Is.EqualTo(3));
        Assert.That(rs.Metadata.Annotations[DeploymentAnnotations.Revision], Is.EqualTo("1"));
        Assert.That(plan.Revision, Is.EqualTo("1"));
    }
}
