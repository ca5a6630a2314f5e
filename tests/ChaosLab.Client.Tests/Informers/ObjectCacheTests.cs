using ChaosLab.Client.Informers;
using k8s.Models;

namespace ChaosLab.Client.Tests.Informers;

[Category("Unit")]
public sealed class ObjectCacheTests
{
    [Test]
    public void Keys_are_namespace_slash_name_or_just_the_name_for_cluster_scoped_objects()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ObjectKey.Of(FakePodApi.Pod("web", 1)), Is.EqualTo("default/web"));
            Assert.That(ObjectKey.Of(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } }), Is.EqualTo("node-1"));
            Assert.That(ObjectKey.Split("default/web"), Is.EqualTo(("default", "web")));
            Assert.That(ObjectKey.Split("node-1"), Is.EqualTo(((string?)null, "node-1")));
        });
    }

    [Test]
    public void Upsert_and_remove_keep_the_index_in_step()
    {
        var cache = new ObjectCache<V1Pod>();
        cache.AddIndex("node", pod => pod.Spec?.NodeName);
        cache.Upsert(FakePodApi.Pod("a", 1, "node-1"));
        cache.Upsert(FakePodApi.Pod("b", 2, "node-1"));

        cache.Upsert(FakePodApi.Pod("a", 3, "node-2"));
        cache.Remove("default/b");

        Assert.Multiple(() =>
        {
            Assert.That(cache.ByIndex("node", "node-1"), Is.Empty);
            Assert.That(cache.ByIndex("node", "node-2").Single().Metadata.ResourceVersion, Is.EqualTo("3"));
            Assert.That(cache.Get("default/a")!.Metadata.ResourceVersion, Is.EqualTo("3"));
            Assert.That(cache.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void An_index_added_later_covers_the_objects_already_cached_and_ReplaceAll_rebuilds_it()
    {
        var cache = new ObjectCache<V1Pod>();
        cache.Upsert(FakePodApi.Pod("a", 1, "node-1"));
        cache.AddIndex("node", pod => pod.Spec?.NodeName);
        Assert.That(cache.ByIndex("node", "node-1"), Has.Count.EqualTo(1));

        var previous = cache.ReplaceAll([FakePodApi.Pod("b", 2, "node-2")]);

        Assert.Multiple(() =>
        {
            Assert.That(previous.Keys, Is.EqualTo(new[] { "default/a" }));
            Assert.That(cache.ByIndex("node", "node-1"), Is.Empty);
            Assert.That(cache.ByIndex("node", "node-2"), Has.Count.EqualTo(1));
        });
    }
}
