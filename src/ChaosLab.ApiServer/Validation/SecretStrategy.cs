using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Secrets: stringData folded into data, type Opaque by default, base64 data within 1 MiB, type-specific keys.</summary>
public sealed class SecretStrategy(ResourceType type) : GenericStrategy(type)
{
    public const int MaxSize = 1024 * 1024;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.SetDefault("type", "Opaque");
        // stringData is write-only: upstream merges it over data when decoding, so it is never stored.
        if (obj.Map("stringData") is { Count: > 0 } stringData)
        {
            var data = obj.Ensure("data");
            foreach (var (key, value) in stringData) data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }
        obj.Remove("stringData");
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var size = 0L;
        var data = obj.Map("data") ?? [];
        foreach (var (key, value) in data)
        {
            causes.AddRange(Causes.Each($"data[{key}]", key, NameRules.IsConfigMapKey(key)));
            var bytes = ImmutableData.Decode(value);
            if (bytes is null) causes.Add(ImmutableData.NotBase64($"data[{key}]"));
            size += bytes?.Length ?? 0;
        }
        if (size > MaxSize) causes.Add(Causes.TooLong("data", MaxSize));
        causes.AddRange(TypeRules(obj, data.Select(p => p.Key).ToHashSet(StringComparer.Ordinal)));
        if (old is null) return causes;

        var secretType = obj.S("type");
        if (secretType != old.S("type")) causes.Add(Causes.Invalid("type", secretType, Causes.Immutable));
        causes.AddRange(ImmutableData.ValidateUpdate(obj, old, "data"));
        return causes;
    }

    private static IEnumerable<FieldCause> TypeRules(JsonObject obj, HashSet<string> keys)
    {
        switch (obj.S("type"))
        {
            case "kubernetes.io/tls":
                if (!keys.Contains("tls.crt")) yield return Causes.Required("data[tls.crt]");
                if (!keys.Contains("tls.key")) yield return Causes.Required("data[tls.key]");
                break;
            case "kubernetes.io/service-account-token":
                const string annotation = "kubernetes.io/service-account.name";
                if (obj.Obj("metadata").Obj("annotations").S(annotation).Length == 0) yield return Causes.Required($"metadata.annotations[{annotation}]");
                break;
            case "kubernetes.io/dockerconfigjson":
                if (!keys.Contains(".dockerconfigjson")) yield return Causes.Required("data[.dockerconfigjson]");
                break;
        }
    }
}
