using System.Text;
using ChaosLab.ApiServer.OpenApi;

namespace ChaosLab.ApiServer.Tests.OpenApi;

[Category("Unit")]
public sealed class OpenApiV2DocumentTests
{
    [Test]
    public void The_protobuf_form_is_a_swagger_2_document_with_info_and_empty_paths()
    {
        var bytes = OpenApiV2Document.Protobuf("v1.32.0");

        // field 1 (swagger) = "2.0", field 2 (info) = { title, version "v1.32.0" }, field 8 (paths) = {}
        Assert.That(bytes[..5], Is.EqualTo(new byte[] { 0x0a, 3, (byte)'2', (byte)'.', (byte)'0' }));
        Assert.That(bytes[5], Is.EqualTo(0x12));
        var info = bytes.AsSpan(7, bytes[6]).ToArray();
        Assert.That(Encoding.UTF8.GetString(info), Does.EndWith("\u0012\u0007v1.32.0"));
        Assert.That(bytes[^2..], Is.EqualTo(new byte[] { 0x42, 0 }));
        Assert.That(bytes, Has.Length.EqualTo(7 + bytes[6] + 2));
    }

    [Test]
    public void The_json_form_has_no_definitions()
    {
        var json = OpenApiV2Document.Json("v1.32.0");

        Assert.That(((string?)json["swagger"], json.ContainsKey("definitions")), Is.EqualTo(("2.0", false)));
    }
}
