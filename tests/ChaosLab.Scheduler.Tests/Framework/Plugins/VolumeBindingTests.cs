using ChaosLab.Scheduler.Framework;
using ChaosLab.Scheduler.Framework.Plugins;
using k8s.Models;
using static ChaosLab.Scheduler.Tests.Support.TestObjects;

namespace ChaosLab.Scheduler.Tests.Framework.Plugins;

[Category("Unit")]
public sealed class VolumeBindingTests
{
    private readonly Dictionary<string, V1PersistentVolumeClaim> _claims = new();
    private readonly NodeInfo _node = NodeInfo(Node("n"));

    private VolumeBinding Plugin => new((ns, name) => _claims.GetValueOrDefault($"{ns}/{name}"));

    private static V1Pod WithClaim(string claim)
    {
        var pod = Pod("p");
        pod.Spec.Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }];
        return pod;
    }

    private void Claim(string name, string? volume, string phase) => _claims[$"default/{name}"] = new V1PersistentVolumeClaim
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PersistentVolumeClaimSpec { VolumeName = volume },
        Status = new V1PersistentVolumeClaimStatus { Phase = phase },
    };

    [Test]
    public void A_pod_without_claims_passes() => Assert.That(Plugin.Filter(Info(Pod("p")), _node).IsSuccess, Is.True);

    [Test]
    public void A_missing_claim_is_named()
    {
        var pod = WithClaim("data");
        pod.Metadata.NamespaceProperty = "default";

        Assert.That(Plugin.Filter(Info(pod), _node).Reasons, Is.EqualTo(new[] { "persistentvolumeclaim \"data\" not found" }));
    }

    [Test]
    public void A_pending_claim_keeps_the_pod_waiting_and_a_bound_one_lets_it_through()
    {
        var pod = WithClaim("data");
        pod.Metadata.NamespaceProperty = "default";
        Claim("data", null, "Pending");
        Assert.That(Plugin.Filter(Info(pod), _node).Reasons, Is.EqualTo(new[] { VolumeBinding.ReasonUnbound }));

        Claim("data", "pv-1", "Bound");
        Assert.That(Plugin.Filter(Info(pod), _node).IsSuccess, Is.True);
    }
}
