using ChaosLab.ApiServer.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.ApiServer.Tests.Storage;

[TestFixture]
[Category("Unit")]
public sealed class PrefixCacheTests
{
    private const string Prefix = "/registry/resourcequotas/";

    // These tests feed the cache by hand: the store is never reached.
    private static PrefixCache Cache() => new(null!, Prefix, NullLogger.Instance);

    private static StoredValue Value(string key, long revision = 5) => new(key, "{}"u8.ToArray(), revision, revision);

    [Test]
    public void It_is_not_synced_before_its_first_list()
    {
        Assert.That(Cache().Synced, Is.False);
    }

    [Test]
    public void A_list_fills_it_and_marks_it_synced()
    {
        var cache = Cache();

        cache.Load([Value(Prefix + "team-a/q")]);

        Assert.That((cache.Synced, cache.HoldsUnder(Prefix + "team-a/"), cache.HoldsUnder(Prefix + "team-b/")), Is.EqualTo((true, true, false)));
    }

    [Test]
    public void A_namespace_is_not_mistaken_for_another_that_starts_with_its_name()
    {
        var cache = Cache();

        cache.Load([Value(Prefix + "team-ab/q")]);

        Assert.That(cache.HoldsUnder(Prefix + "team-a/"), Is.False);
    }

    [Test]
    public void A_new_list_drops_keys_that_are_gone()
    {
        var cache = Cache();
        cache.Load([Value(Prefix + "a/q"), Value(Prefix + "b/q")]);

        cache.Load([Value(Prefix + "b/q")]);

        Assert.That((cache.HoldsUnder(Prefix + "a/"), cache.HoldsUnder(Prefix + "b/")), Is.EqualTo((false, true)));
    }

    [Test]
    public void Watched_puts_add_keys_and_deletes_remove_them()
    {
        var cache = Cache();
        cache.Load([]);

        cache.Apply(new StorageEvent(WatchEventType.Put, Value(Prefix + "a/q", 7), null, 7));
        var afterPut = cache.HoldsUnder(Prefix + "a/");
        cache.Apply(new StorageEvent(WatchEventType.Delete, null, Value(Prefix + "a/q", 7), 8));

        Assert.That((afterPut, cache.HoldsUnder(Prefix + "a/")), Is.EqualTo((true, false)));
    }
}
