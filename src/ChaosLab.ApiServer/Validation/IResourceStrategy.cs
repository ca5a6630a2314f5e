using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// What a kind's registry does to a request body around storage, as upstream's REST strategies do:
/// fill defaults, validate, and on update restore the parts this request may not change.
/// Order on create: Default, Validate(obj, null). On update: PrepareForUpdate and Default (either order), or
/// PrepareForStatusUpdate alone, then Validate(obj, old).
/// </summary>
public interface IResourceStrategy
{
    /// <summary>Fills unset fields with upstream's defaults, in place. Idempotent.</summary>
    void Default(JsonObject obj);

    /// <summary>The invalid fields of obj; old is the stored object on update, null on create.</summary>
    IReadOnlyList<FieldCause> Validate(JsonObject obj, JsonObject? old);

    /// <summary>Main-resource update: keeps the stored status (kinds with a status subresource) and system metadata.</summary>
    void PrepareForUpdate(JsonObject newObj, JsonObject old);

    /// <summary>Status-subresource update: keeps the stored spec (and the kind's protected metadata) and system metadata.</summary>
    void PrepareForStatusUpdate(JsonObject newObj, JsonObject old);
}
