using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>apps/v1 ControllerRevisions: a snapshot whose data is required and never changes, with a non-negative revision.</summary>
public sealed class ControllerRevisionStrategy(ResourceType type) : GenericStrategy(type)
{
    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        if (obj["data"] is null) causes.Add(Causes.Required("data", "data is mandatory"));
        causes.AddRange(Causes.NonNegativeNumber(obj, "revision", "revision"));
        if (old is not null && !JsonAccess.SemanticEquals(obj["data"], old["data"]))
        {
            causes.Add(Causes.InvalidRaw("data", "runtime.RawExtension{...}", Causes.Immutable));
        }
        return causes;
    }
}
