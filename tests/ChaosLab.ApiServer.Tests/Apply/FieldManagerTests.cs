using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Apply;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using k8s.Models;

namespace ChaosLab.ApiServer.Tests.Apply;

[Category("Unit")]
public sealed class FieldManagerTests
{
    private static readonly IApplySchema ConfigMaps = new BuiltInApplySchema("ConfigMap");
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static FieldWriter Writer(string manager, int minute = 0, string? subresource = null) => new(manager, "v1", subresource, T0.AddMinutes(minute));

    private static JsonObject ConfigMap(string data) => Obj($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},"data":{{data}}}""");

    private static JsonArray Entries(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    [Test]
    public void A_create_records_an_Update_entry_with_version_time_and_fields()
    {
        var created = ConfigMap("""{"k":"v"}""");

        FieldManager.RecordUpdate(null, created, Writer("kubectl-create"), ConfigMaps);

        Assert.That(Entries(created).ToJsonString(GoJson.Options), Is.EqualTo(
            """[{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2026-12-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:k":{}}}}]"""));
    }

    [Test]
    public void An_update_takes_changed_fields_from_their_owner_and_drops_an_entry_left_empty()
    {
        var created = ConfigMap("""{"k":"v"}""");
        FieldManager.RecordUpdate(null, created, Writer("a"), ConfigMaps);
        var edited = (JsonObject)created.DeepClone();
        ((JsonObject)edited["data"]!).Remove("k");
        edited["data"]!["x"] = "1";

        FieldManager.RecordUpdate(created, edited, Writer("b", 1), ConfigMaps);

        var entries = Entries(edited);
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => (string?)e!["manager"]), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(entries[0]!["fieldsV1"]!.ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{}}"""));
            Assert.That(entries[1]!["fieldsV1"]!.ToJsonString(GoJson.Options), Is.EqualTo("""{"f:data":{"f:x":{}}}"""));
        });
    }

    [Test]
    public void An_update_that_changes_nothing_leaves_managed_fields_as_they_were()
    {
        var created = ConfigMap("""{"k":"v"}""");
        FieldManager.RecordUpdate(null, created, Writer("a"), ConfigMaps);
        var same = (JsonObject)created.DeepClone();

        FieldManager.RecordUpdate(created, same, Writer("b", 5), ConfigMaps);

        Assert.That(JsonNode.DeepEquals(same, created), Is.True);
    }

    [Test]
    public void Applying_the_same_configuration_again_changes_nothing()
    {
        var first = FieldManager.Apply(null, ConfigMap("""{"k":"v"}"""), Writer("a"), force: false, ConfigMaps);

        var second = FieldManager.Apply(first, ConfigMap("""{"k":"v"}"""), Writer("a", 3), force: false, ConfigMaps);

        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(first, second), Is.True, second.ToJsonString(GoJson.Options));
            Assert.That((string?)Entries(second)[0]!["operation"], Is.EqualTo("Apply"));
        });
    }

    [Test]
    public void Another_applier_setting_a_different_value_gets_upstreams_conflict()
    {
        var live = FieldManager.Apply(null, ConfigMap("""{"k":"v"}"""), Writer("a"), force: false, ConfigMaps);

        var ex = Assert.Throws<ApiException>(() => FieldManager.Apply(live, ConfigMap("""{"k":"other"}"""), Writer("b"), force: false, ConfigMaps))!;

        Assert.Multiple(() =>
        {
            Assert.That(ex.Code, Is.EqualTo(409));
            Assert.That(ex.Reason, Is.EqualTo("Conflict"));
            Assert.That(ex.Message, Is.EqualTo("Apply failed with 1 conflict: conflict with \"a\": .data.k"));
            Assert.That(ex.Details!.Causes, Is.EqualTo(new[] { new FieldCause("FieldManagerConflict", "conflict with \"a\"", ".data.k") }));
        });
    }

    [Test]
    public void A_conflict_with_an_updater_names_its_version_and_time_and_lists_every_field()
    {
        var live = ConfigMap("""{"k":"v","l":"w"}""");
        FieldManager.RecordUpdate(null, live, Writer("kubectl-edit"), ConfigMaps);

        var ex = Assert.Throws<ApiException>(() => FieldManager.Apply(live, ConfigMap("""{"k":"1","l":"2"}"""), Writer("b"), force: false, ConfigMaps))!;

        Assert.That(ex.Message, Is.EqualTo("Apply failed with 2 conflicts: conflicts with \"kubectl-edit\" using v1 at 2026-12-01T10:00:00Z:\n- .data.k\n- .data.l"));
    }

    [Test]
    public void The_same_value_from_two_appliers_is_shared_and_force_takes_a_field_over()
    {
        var live = FieldManager.Apply(null, ConfigMap("""{"k":"v","x":"1"}"""), Writer("a"), force: false, ConfigMaps);
        var shared = FieldManager.Apply(live, ConfigMap("""{"k":"v"}"""), Writer("b", 1), force: false, ConfigMaps);

        var forced = FieldManager.Apply(shared, ConfigMap("""{"k":"new"}"""), Writer("b", 2), force: true, ConfigMaps);

        var entries = Entries(forced);
        Assert.Multiple(() =>
        {
            Assert.That(Entries(shared).Select(e => e!["fieldsV1"]!.ToJsonString(GoJson.Options)), Is.EqualTo(new[] { """{"f:data":{"f:k":{},"f:x":{}}}""", """{"f:data":{"f:k":{}}}""" }));
            Assert.That((string?)forced["data"]!["k"], Is.EqualTo("new"));
            Assert.That(entries.Select(e => (string?)e!["manager"] + " " + e!["fieldsV1"]!.ToJsonString(GoJson.Options)),
                Is.EqualTo(new[] { """a {"f:data":{"f:x":{}}}""", """b {"f:data":{"f:k":{}}}""" }));
        });
    }

    [Test]
    public void A_field_the_applier_drops_is_removed_unless_another_manager_owns_it()
    {
        var live = FieldManager.Apply(null, ConfigMap("""{"k":"v","shared":"s","gone":"g"}"""), Writer("a"), force: false, ConfigMaps);
        live = FieldManager.Apply(live, ConfigMap("""{"shared":"s"}"""), Writer("b", 1), force: false, ConfigMaps);

        var result = FieldManager.Apply(live, ConfigMap("""{"k":"v"}"""), Writer("a", 2), force: false, ConfigMaps);

        Assert.That(result["data"]!.ToJsonString(GoJson.Options), Is.EqualTo("""{"k":"v","shared":"s"}"""));
    }

    [Test]
    public void Subresource_writes_carry_their_subresource()
    {
        var old = Obj("""{"metadata":{"name":"d"},"spec":{"replicas":1}}""");
        var scaled = Obj("""{"metadata":{"name":"d"},"spec":{"replicas":3}}""");

        FieldManager.RecordUpdate(old, scaled, Writer("kubectl", 0, "scale"), new BuiltInApplySchema("Deployment"));

        Assert.That(Entries(scaled)[0]!.ToJsonString(GoJson.Options), Does.EndWith("""
            "fieldsV1":{"f:spec":{"f:replicas":{}}},"subresource":"scale"}
            """.Trim()));
    }

    [Test]
    public void Managed_fields_survive_decoding_into_the_model()
    {
        var created = ConfigMap("""{"k":"v"}""");
        FieldManager.RecordUpdate(null, created, Writer("a"), ConfigMaps);

        var canonical = ObjectCodec.Canonicalize(created, typeof(V1ConfigMap), strict: true, out _);

        // The model writes its fields in its own order; the content is what counts.
        Assert.That(JsonNode.DeepEquals(Entries(canonical), Entries(created)), Is.True, Entries(canonical).ToJsonString(GoJson.Options));
    }

    [Test]
    public void The_field_manager_defaults_to_the_user_agent_up_to_its_first_slash()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FieldManagerName.Of(null, "kubectl/v1.32.0 (linux/amd64) kubernetes/abc"), Is.EqualTo("kubectl"));
            Assert.That(FieldManagerName.Of("mine", "kubectl/v1.32.0"), Is.EqualTo("mine"));
            Assert.That(FieldManagerName.Of(null, new string('x', 300)), Has.Length.EqualTo(128));
        });
    }
}
