using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>ConfigMaps: keys usable as file names, binaryData in base64, at most 1 MiB, frozen once immutable.</summary>
public sealed class ConfigMapStrategy(ResourceType type) : GenericStrategy(type)
{
    public const int MaxSize = 1024 * 1024;

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var size = 0L;
        var binary = obj.Obj("binaryData");
        foreach (var (key, value) in obj.Map("data") ?? [])
        {
            causes.AddRange(Causes.Each($"data[{key}]", key, NameRules.IsConfigMapKey(key)));
            if (binary?.ContainsKey(key) == true) causes.Add(Causes.Invalid($"data[{key}]", key, "duplicate of key present in binaryData"));
            size += Encoding.UTF8.GetByteCount(value);
        }
        foreach (var (key, value) in obj.Map("binaryData") ?? [])
        {
            causes.AddRange(Causes.Each($"binaryData[{key}]", key, NameRules.IsConfigMapKey(key)));
            var bytes = ImmutableData.Decode(value);
            if (bytes is null) causes.Add(ImmutableData.NotBase64($"binaryData[{key}]"));
            size += bytes?.Length ?? 0;
        }
        // Upstream reports the size of the whole object on the empty path.
        if (size > MaxSize) causes.Add(Causes.TooLong("", MaxSize));
        if (old is not null) causes.AddRange(ImmutableData.ValidateUpdate(obj, old, "data", "binaryData"));
        return causes;
    }
}
