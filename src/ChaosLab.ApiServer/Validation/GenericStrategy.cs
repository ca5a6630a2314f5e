using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>The strategy of kinds without special rules (metadata only), and the base of those with some.</summary>
public class GenericStrategy(ResourceType type) : IResourceStrategy
{
    protected ResourceType Type { get; } = type;

    /// <summary>How the kind's names are checked; most kinds use DNS subdomains.</summary>
    protected virtual Func<string, IReadOnlyList<string>> NameRule => NameRules.IsDNS1123Subdomain;

    private bool HasStatusSubresource => Type.Subresource("status") is not null;

    public virtual void Default(JsonObject obj)
    {
    }

    public IReadOnlyList<FieldCause> Validate(JsonObject obj, JsonObject? old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var causes = new List<FieldCause>(old is null
            ? ObjectMetaValidator.Validate(obj, Type.Namespaced, NameRule)
            : ObjectMetaValidator.ValidateUpdate(obj, old));
        causes.AddRange(ValidateObject(obj, old));
        return causes;
    }

    public virtual void PrepareForUpdate(JsonObject newObj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(newObj);
        ArgumentNullException.ThrowIfNull(old);
        KeepSystemMetadata(newObj, old);
        if (HasStatusSubresource) newObj.CopyFrom(old, "status");
    }

    public virtual void PrepareForStatusUpdate(JsonObject newObj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(newObj);
        ArgumentNullException.ThrowIfNull(old);
        KeepSystemMetadata(newObj, old);
        newObj.CopyFrom(old, "spec");
    }

    /// <summary>The kind's own checks beyond metadata.</summary>
    protected virtual IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old) => [];

    /// <summary>Keeps one metadata field of the stored object (labels on a Deployment status update, ...).</summary>
    protected static void KeepMetadata(JsonObject newObj, JsonObject old, string field) =>
        newObj.Ensure("metadata").CopyFrom(old.Obj("metadata") ?? [], field);

    /// <summary>Upstream rest.BeforeUpdate: fields the server owns follow the stored object, whatever the client sent.</summary>
    private static void KeepSystemMetadata(JsonObject newObj, JsonObject old)
    {
        var meta = newObj.Ensure("metadata");
        var oldMeta = old.Obj("metadata") ?? [];
        if (meta.S("uid").Length == 0 && oldMeta.Has("uid")) meta.CopyFrom(oldMeta, "uid");
        if (oldMeta.Has("creationTimestamp")) meta.CopyFrom(oldMeta, "creationTimestamp");
        if (oldMeta.Has("deletionTimestamp")) meta.CopyFrom(oldMeta, "deletionTimestamp");
        if (oldMeta.Has("deletionGracePeriodSeconds") && !meta.Has("deletionGracePeriodSeconds")) meta.CopyFrom(oldMeta, "deletionGracePeriodSeconds");
        meta.CopyFrom(oldMeta, "generation");
    }
}
