using ChaosLab.ApiServer.Http.Protobuf;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Tests.Http.Protobuf;

[Category("Unit")]
public sealed class ProtobufSchemaTests
{
    [Test]
    public void Every_message_a_field_names_is_in_the_schema()
    {
        var missing = ProtobufSchema.Messages
            .SelectMany(m => m.Value.Where(f => f.Value.Type == ProtoType.Message).Select(f => (Owner: m.Key, Number: f.Key, f.Value.Message)))
            .Where(f => f.Message is null || !ProtobufSchema.Messages.ContainsKey(f.Message))
            .Select(f => $"{f.Owner} field {f.Number} → {f.Message}");

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Every_served_kind_and_every_subresource_that_takes_a_body_has_a_message()
    {
        // CustomResourceDefinitions come as JSON: kubectl sends manifests read from files as JSON and has no create
        // subcommand for them, and the apiextensions clientset asks for JSON too; a protobuf CRD is a 415.
        var served = ResourceCatalog.All.Where(r => r.Group != "apiextensions.k8s.io").ToList();
        var kinds = served.Select(r => (r.ApiVersion, r.Kind))
            .Concat(served.SelectMany(r => r.Subresources)
                .Where(s => !s.Kind.EndsWith("Options", StringComparison.Ordinal)) // exec, attach, portforward: connect options, no body
                .Where(s => s.Verbs.Any(v => v is "create" or "update"))
                .Select(s => (ApiVersion: s.Group.Length == 0 ? s.Version : $"{s.Group}/{s.Version}", s.Kind)))
            .Distinct();

        Assert.That(kinds.Where(k => ProtobufSchema.MessageFor(k.ApiVersion, k.Kind) is null), Is.Empty);
    }

    [Test]
    public void Each_top_level_message_starts_with_object_meta()
    {
        foreach (var (apiVersion, kind) in ProtobufSchema.TopLevelKinds)
        {
            var message = ProtobufSchema.Messages[ProtobufSchema.MessageFor(apiVersion, kind)!];
            Assert.That(message[1], Is.EqualTo(new ProtoField("metadata", ProtoType.Message, FieldShape.Single, "meta.ObjectMeta")), $"{apiVersion} {kind}");
        }
    }
}
