using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Rest;

[Category("Unit")]
public sealed class UnwrittenUpdateTests
{
    private static JsonObject Stored() =>
        JsonNode.Parse("""{"kind":"ConfigMap","metadata":{"name":"c","resourceVersion":"41"},"data":{"k":"old"}}""")!.AsObject();

    [Test]
    public void A_dry_run_answers_with_the_updated_object_at_the_stored_version_not_with_the_stored_object()
    {
        var updated = JsonNode.Parse("""{"kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"new"}}""")!.AsObject();

        var answer = UnwrittenUpdate.Answer(updated, Stored(), "41", dryRun: true);

        Assert.That(answer?.ToJsonString(), Is.EqualTo("""{"kind":"ConfigMap","metadata":{"name":"c","resourceVersion":"41"},"data":{"k":"new"}}"""));
    }

    [Test]
    public void A_dry_run_that_changes_nothing_answers_with_the_same_content()
    {
        var answer = UnwrittenUpdate.Answer(Stored(), Stored(), "41", dryRun: true);

        Assert.That(JsonNode.DeepEquals(answer, Stored()), Is.True);
    }

    [Test]
    public void An_update_that_changes_nothing_answers_with_the_stored_object_and_writes_nothing()
    {
        var stored = Stored();
        var same = JsonNode.Parse("""{"kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"old"}}""")!.AsObject();

        Assert.That(UnwrittenUpdate.Answer(same, stored, "41", dryRun: false), Is.SameAs(stored));
    }

    [Test]
    public void An_update_that_changes_something_is_written()
    {
        var updated = JsonNode.Parse("""{"kind":"ConfigMap","metadata":{"name":"c","resourceVersion":"41"},"data":{"k":"new"}}""")!.AsObject();

        Assert.That(UnwrittenUpdate.Answer(updated, Stored(), "41", dryRun: false), Is.Null);
    }
}
