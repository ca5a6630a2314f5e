using ChaosLab.ControllerManager.GarbageCollector;
using k8s.Models;
using static ChaosLab.ControllerManager.Tests.TestObjects;

namespace ChaosLab.ControllerManager.Tests.GarbageCollector;

[Category("Unit")]
public class GarbageCollectionDecisionsTests
{
    [Test]
    public void An_object_whose_owner_is_gone_is_deleted_in_the_background()
    {
        var verdict = GarbageCollectionDecisions.ForDependent(Dependent(Ref("rs-1")), [(Ref("rs-1"), OwnerState.Absent)], false, false);

        Assert.That(verdict.DeletePolicy, Is.EqualTo("Background"));
    }

    [Test]
    public void An_owner_replaced_by_a_namesake_counts_as_gone()
    {
        Assert.That(GarbageCollectionDecisions.Classify(Ref("rs-1"), new V1ObjectMeta { Name = "web", Uid = "rs-2" }), Is.EqualTo(OwnerState.Absent));
        Assert.That(GarbageCollectionDecisions.Classify(Ref("rs-1"), null), Is.EqualTo(OwnerState.Absent));
        Assert.That(GarbageCollectionDecisions.Classify(Ref("rs-1"), new V1ObjectMeta { Name = "web", Uid = "rs-1" }), Is.EqualTo(OwnerState.Solid));
    }

    [Test]
    public void A_live_owner_keeps_the_object_and_dangling_references_are_dropped()
    {
        var dependent = Dependent(Ref("a"), Ref("b"));

        var verdict = GarbageCollectionDecisions.ForDependent(dependent, [(Ref("a"), OwnerState.Solid), (Ref("b"), OwnerState.Absent)], false, false);

        Assert.That(verdict.DeletePolicy, Is.Null);
        Assert.That(verdict.RemoveOwnerUids, Is.EqualTo(new[] { "b" }));
        Assert.That(GarbageCollectionDecisions.ForDependent(dependent, [(Ref("a"), OwnerState.Solid), (Ref("b"), OwnerState.Solid)], false, false), Is.SameAs(DependentVerdict.Keep));
    }

    [Test]
    public void A_dependent_of_a_foreground_owner_is_deleted_in_the_foreground_if_it_has_dependents_itself()
    {
        var dependent = Dependent(Ref("d-1"));
        var owners = new[] { (Ref("d-1"), OwnerState.WaitingForDependents) };

        Assert.That(GarbageCollectionDecisions.ForDependent(dependent, owners, hasDependents: true, false).DeletePolicy, Is.EqualTo("Foreground"));
        Assert.That(GarbageCollectionDecisions.ForDependent(dependent, owners, hasDependents: false, false).DeletePolicy, Is.EqualTo("Background"));
    }

    [Test]
    public void The_dependents_own_gc_finalizer_is_honoured()
    {
        var dependent = Dependent(Ref("rs-1"));
        dependent.Finalizers = [Finalizers.Orphan];

        Assert.That(GarbageCollectionDecisions.ForDependent(dependent, [(Ref("rs-1"), OwnerState.Absent)], true, false).DeletePolicy, Is.EqualTo("Orphan"));
    }

    [Test]
    public void Objects_already_being_deleted_are_left_to_finish()
    {
        var dependent = Dependent(Ref("rs-1"));
        dependent.DeletionTimestamp = Now.UtcDateTime;

        Assert.That(GarbageCollectionDecisions.ForDependent(dependent, [(Ref("rs-1"), OwnerState.Absent)], false, false), Is.SameAs(DependentVerdict.Keep));
    }

    [Test]
    public void Foreground_owner_waits_for_blocking_dependents_then_drops_its_finalizer()
    {
        var owner = DeletingOwner(Finalizers.ForegroundDeletion);
        var blocking = Dependent(Ref("owner", block: true));
        var notBlocking = Dependent(Ref("owner", block: false));

        var waiting = GarbageCollectionDecisions.ForDeletingOwner(owner, [blocking, notBlocking]);
        Assert.That(waiting.RemoveFinalizer, Is.Null);
        Assert.That(waiting.DeleteDependents, Is.EquivalentTo(new[] { blocking, notBlocking }));

        var done = GarbageCollectionDecisions.ForDeletingOwner(owner, [notBlocking]);
        Assert.That(done.RemoveFinalizer, Is.EqualTo(Finalizers.ForegroundDeletion));
    }

    [Test]
    public void Orphan_owner_strips_its_references_from_dependents_then_drops_its_finalizer()
    {
        var owner = DeletingOwner(Finalizers.Orphan);
        var dependent = Dependent(Ref("owner"));
        var unrelated = Dependent(Ref("someone-else"));

        var first = GarbageCollectionDecisions.ForDeletingOwner(owner, [dependent, unrelated]);
        Assert.That(first.OrphanDependents, Is.EqualTo(new[] { dependent }));
        Assert.That(first.RemoveFinalizer, Is.Null);

        Assert.That(GarbageCollectionDecisions.ForDeletingOwner(owner, [unrelated]).RemoveFinalizer, Is.EqualTo(Finalizers.Orphan));
    }

    private static V1OwnerReference Ref(string uid, bool block = true) =>
        new() { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = uid, Controller = true, BlockOwnerDeletion = block };

    private static V1ObjectMeta Dependent(params V1OwnerReference[] owners) =>
        new() { Name = "pod-" + Guid.NewGuid().ToString("N")[..5], NamespaceProperty = "default", Uid = Guid.NewGuid().ToString(), OwnerReferences = owners };

    private static V1ObjectMeta DeletingOwner(string finalizer) =>
        new() { Name = "web", NamespaceProperty = "default", Uid = "owner", DeletionTimestamp = Now.UtcDateTime, Finalizers = [finalizer] };
}
