using ChaosLab.ControllerManager.RootCaCertPublisher;
using k8s.Models;

namespace ChaosLab.ControllerManager.Tests.RootCaCertPublisher;

[Category("Unit")]
public class RootCaConfigMapTests
{
    private const string Ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    [Test]
    public void A_new_one_holds_the_CA_and_upstreams_description()
    {
        var cm = RootCaConfigMap.New("team-a", Ca);

        Assert.That((cm.Metadata.Name, cm.Metadata.NamespaceProperty), Is.EqualTo(("kube-root-ca.crt", "team-a")));
        Assert.That(cm.Data, Is.EqualTo(new Dictionary<string, string> { ["ca.crt"] = Ca }));
        Assert.That(cm.Metadata.Annotations["kubernetes.io/description"], Does.StartWith("Contains a CA bundle that can be used to verify the kube-apiserver"));
    }

    [Test]
    public void One_as_published_needs_no_write()
    {
        Assert.That(RootCaConfigMap.Repaired(RootCaConfigMap.New("team-a", Ca), Ca), Is.Null);
    }

    [Test]
    public void A_changed_CA_or_an_extra_key_is_put_back_and_the_rest_kept()
    {
        var tampered = RootCaConfigMap.New("team-a", "not a CA");
        tampered.Data["extra"] = "x";
        tampered.Metadata.Labels = new Dictionary<string, string> { ["team"] = "a" };
        tampered.Metadata.ResourceVersion = "42";

        var repaired = RootCaConfigMap.Repaired(tampered, Ca)!;

        Assert.That(repaired.Data, Is.EqualTo(new Dictionary<string, string> { ["ca.crt"] = Ca }));
        Assert.That((repaired.Metadata.Labels["team"], repaired.Metadata.ResourceVersion), Is.EqualTo(("a", "42")));
        Assert.That(tampered.Data["ca.crt"], Is.EqualTo("not a CA"), "the cached object is not touched");
    }

    [Test]
    public void A_missing_description_is_added_but_one_someone_reworded_is_kept()
    {
        var bare = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kube-root-ca.crt" }, Data = new Dictionary<string, string> { ["ca.crt"] = Ca } };
        var reworded = RootCaConfigMap.New("team-a", Ca);
        reworded.Metadata.Annotations["kubernetes.io/description"] = "ours";

        Assert.That(RootCaConfigMap.Repaired(bare, Ca)!.Metadata.Annotations["kubernetes.io/description"], Is.EqualTo(RootCaConfigMap.Description));
        Assert.That(RootCaConfigMap.Repaired(reworded, Ca), Is.Null);
    }
}
