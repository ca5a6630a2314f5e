using System.Text;
using ChaosLab.Kubelet.Volumes;
using k8s.Models;

namespace ChaosLab.Kubelet.Tests.Volumes;

[Category("Unit")]
public sealed class VolumePayloadsTests
{
    [Test]
    public void Every_key_of_a_configmap_is_a_file_with_the_default_mode()
    {
        var configMap = new V1ConfigMap
        {
            Data = new Dictionary<string, string> { ["app.conf"] = "mode=fast" },
            BinaryData = new Dictionary<string, byte[]> { ["logo.png"] = [0x89, 0x50] },
        };

        var payload = VolumePayloads.ConfigMap(configMap, null, null, optional: false);

        Assert.That(Files(payload), Is.EquivalentTo(new Dictionary<string, (string, int)>
        {
            ["app.conf"] = ("mode=fast", 420),
            ["logo.png"] = ("\u0089P", 420),
        }));
    }

    [Test]
    public void Items_project_only_the_listed_keys_at_their_paths_with_their_mode_or_the_volumes()
    {
        var configMap = new V1ConfigMap { Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["unlisted"] = "3" } };
        IList<V1KeyToPath> items = [new V1KeyToPath { Key = "a", Path = "dir/a.txt", Mode = 256 }, new V1KeyToPath { Key = "b", Path = "b.txt" }];

        var payload = VolumePayloads.ConfigMap(configMap, items, defaultMode: 384, optional: false);

        Assert.That(Files(payload), Is.EquivalentTo(new Dictionary<string, (string, int)> { ["dir/a.txt"] = ("1", 256), ["b.txt"] = ("2", 384) }));
    }

    [Test]
    public void A_listed_key_that_is_missing_fails_unless_the_volume_is_optional()
    {
        var configMap = new V1ConfigMap { Data = new Dictionary<string, string> { ["a"] = "1" } };
        var secret = new V1Secret { Data = new Dictionary<string, byte[]> { ["a"] = "1"u8.ToArray() } };
        IList<V1KeyToPath> items = [new V1KeyToPath { Key = "a", Path = "a" }, new V1KeyToPath { Key = "missing", Path = "m" }];

        var configMapError = Assert.Throws<VolumeSetUpException>(() => VolumePayloads.ConfigMap(configMap, items, null, optional: false))!;
        var secretError = Assert.Throws<VolumeSetUpException>(() => VolumePayloads.Secret(secret, items, null, optional: false))!;

        Assert.That(configMapError.Message, Is.EqualTo("configmap references non-existent config key: missing"));
        Assert.That(secretError.Message, Is.EqualTo("references non-existent secret key: missing"));
        Assert.That(VolumePayloads.ConfigMap(configMap, items, null, optional: true).Keys, Is.EqualTo(new[] { "a" }));
        Assert.That(VolumePayloads.Secret(secret, items, null, optional: true).Keys, Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void An_optional_object_that_does_not_exist_has_no_files()
    {
        IList<V1KeyToPath> items = [new V1KeyToPath { Key = "a", Path = "a" }];

        Assert.That(VolumePayloads.ConfigMap(null, items, null, optional: true), Is.Empty);
        Assert.That(VolumePayloads.ConfigMap(null, null, null, optional: true), Is.Empty);
        Assert.That(VolumePayloads.Secret(null, null, null, optional: true), Is.Empty);
    }

    [Test]
    public void A_secrets_values_are_its_bytes()
    {
        var secret = new V1Secret { Data = new Dictionary<string, byte[]> { ["tls.key"] = [0, 1, 2, 255] } };

        var payload = VolumePayloads.Secret(secret, null, 256, optional: false);

        Assert.That(payload["tls.key"].Data, Is.EqualTo(new byte[] { 0, 1, 2, 255 }));
        Assert.That(payload["tls.key"].Mode, Is.EqualTo(256));
    }

    [Test]
    public void Downward_api_files_hold_the_pods_fields_and_resources()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web", NamespaceProperty = "shop", Uid = "u",
                Labels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "shop" },
            },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "app",
                        Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") } },
                    },
                ],
            },
        };
        IList<V1DownwardAPIVolumeFile> items =
        [
            new() { Path = "labels", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels" } },
            new() { Path = "name", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" }, Mode = 256 },
            new() { Path = "memory", ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "app", Resource = "limits.memory", Divisor = new ResourceQuantity("1Mi") } },
        ];

        var payload = VolumePayloads.DownwardApi(pod, items, defaultMode: 292);

        Assert.That(Files(payload), Is.EquivalentTo(new Dictionary<string, (string, int)>
        {
            ["labels"] = ("app=\"shop\"\ntier=\"front\"", 292),
            ["name"] = ("web", 256),
            ["memory"] = ("64", 292),
        }));
    }

    [Test]
    public void A_downward_api_file_of_an_unknown_field_or_container_fails_the_volume()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] } };

        var field = Assert.Throws<VolumeSetUpException>(() => VolumePayloads.DownwardApi(pod,
            [new V1DownwardAPIVolumeFile { Path = "ip", FieldRef = new V1ObjectFieldSelector { FieldPath = "status.podIP" } }], null))!;
        var container = Assert.Throws<VolumeSetUpException>(() => VolumePayloads.DownwardApi(pod,
            [new V1DownwardAPIVolumeFile { Path = "cpu", ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "nope", Resource = "limits.cpu" } }], null))!;

        Assert.That(field.Message, Is.EqualTo("unsupported fieldPath: status.podIP"));
        Assert.That(container.Message, Is.EqualTo("container nope not found"));
    }

    private static Dictionary<string, (string, int)> Files(Dictionary<string, FileProjection> payload) =>
        payload.ToDictionary(p => p.Key, p => (Encoding.Latin1.GetString(p.Value.Data), p.Value.Mode));
}
