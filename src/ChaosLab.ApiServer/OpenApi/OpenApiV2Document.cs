using System.Text;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.OpenApi;

/// <summary>
/// `/openapi/v2`: a Swagger 2.0 document without definitions. The schemas are served as OpenAPI v3;
/// this exists because kubectl still reads v2 for what v3 cannot answer — a `kind: List` file is checked
/// against v2 before its items are sent — and a 404 there makes `kubectl apply -f list.yaml` fail. With
/// no v2 definitions kubectl leaves the items to the server, which validates each one as it would any
/// request. kubectl asks for the gnostic protobuf form (openapi.v2.Document); JSON is served otherwise.
/// </summary>
public static class OpenApiV2Document
{
    /// <summary>The type this document is served as; clients still ask with the older spelling that has "@v1.0".</summary>
    public const string ProtobufMediaType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private const string Title = "ChaosLab API server (schemas under /openapi/v3)";

    public static JsonObject Json(string version) => new()
    {
        ["swagger"] = "2.0",
        ["info"] = new JsonObject { ["title"] = Title, ["version"] = version },
        ["paths"] = new JsonObject(),
    };

    /// <summary>openapi.v2.Document { swagger = 1; info = 2 (Info { title = 1; version = 2 }); paths = 8 (empty) }.</summary>
    public static byte[] Protobuf(string version)
    {
        var info = Concat(LengthDelimited(1, Encoding.UTF8.GetBytes(Title)), LengthDelimited(2, Encoding.UTF8.GetBytes(version)));
        return Concat(LengthDelimited(1, "2.0"u8.ToArray()), LengthDelimited(2, info), LengthDelimited(8, []));
    }

    private static byte[] LengthDelimited(int field, byte[] value)
    {
        var bytes = new List<byte>();
        Varint(bytes, (ulong)((field << 3) | 2));
        Varint(bytes, (ulong)value.Length);
        bytes.AddRange(value);
        return [.. bytes];
    }

    private static void Varint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
