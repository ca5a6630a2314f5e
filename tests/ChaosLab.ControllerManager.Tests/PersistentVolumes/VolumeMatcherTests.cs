using ChaosLab.ControllerManager.PersistentVolumes;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.PersistentVolumes;

[Category("Unit")]
public sealed class VolumeMatcherTests
{
    private static V1PersistentVolume Volume(string name, string size, string phase = "Available", string storageClass = "", string[]? modes = null,
        Dictionary<string, string>? labels = null, V1ObjectReference? claimRef = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PersistentVolumeSpec
        {
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
            AccessModes = modes ?? ["ReadWriteOnce"],
            StorageClassName = storageClass,
            ClaimRef = claimRef,
        },
        Status = new V1PersistentVolumeStatus { Phase = phase },
    };

    private static V1PersistentVolumeClaim Claim(string size = "1Gi", string storageClass = "", V1LabelSelector? selector = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "data", NamespaceProperty = "default", Uid = "claim-uid" },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = storageClass,
            Selector = selector,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
    };

    [Test]
    public void The_smallest_available_volume_that_fits_wins()
    {
        var volumes = new[] { Volume("big", "10Gi"), Volume("small", "2Gi"), Volume("tiny", "500Mi"), Volume("taken", "1Gi", phase: "Bound") };

        Assert.That(VolumeMatcher.FindBest(Claim(), volumes)?.Metadata.Name, Is.EqualTo("small"));
    }

    [Test]
    public void Class_access_modes_and_selector_must_match()
    {
        var volumes = new[]
        {
            Volume("other-class", "1Gi", storageClass: "fast"),
            Volume("read-only", "1Gi", modes: ["ReadOnlyMany"]),
            Volume("unlabelled", "1Gi"),
            Volume("labelled", "5Gi", labels: new() { ["tier"] = "gold" }),
        };
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["tier"] = "gold" } };

        Assert.That(VolumeMatcher.FindBest(Claim(selector: selector), volumes)?.Metadata.Name, Is.EqualTo("labelled"));
        Assert.That(VolumeMatcher.FindBest(Claim(storageClass: "fast"), volumes)?.Metadata.Name, Is.EqualTo("other-class"));
        Assert.That(VolumeMatcher.FindBest(Claim(size: "20Gi"), volumes), Is.Null);
    }

    [Test]
    public void A_volume_pre_bound_to_the_claim_wins_over_smaller_ones_and_others_pre_bound_are_skipped()
    {
        var mine = new V1ObjectReference { Name = "data", NamespaceProperty = "default" };
        var theirs = new V1ObjectReference { Name = "other", NamespaceProperty = "default" };
        var volumes = new[] { Volume("small", "1Gi", claimRef: theirs), Volume("reserved", "8Gi", phase: "Available", claimRef: mine), Volume("free", "2Gi") };

        Assert.That(VolumeMatcher.FindBest(Claim(), volumes)?.Metadata.Name, Is.EqualTo("reserved"));
        Assert.That(VolumeMatcher.IsBoundTo(volumes[1], Claim()), Is.True);
        Assert.That(VolumeMatcher.IsBoundTo(Volume("x", "1Gi", claimRef: new V1ObjectReference { Name = "data", NamespaceProperty = "default", Uid = "old" }), Claim()), Is.False);
    }
}
