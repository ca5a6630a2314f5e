using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Rest;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// The DeleteOptions of a DELETE. A body is decoded into the DeleteOptions model as upstream decodes it into its Go
/// struct, so a field of the wrong type is a 400 naming it (upstream 1.32 answered these 500; 1.35 answers 400 with
/// the decoder's message, kubernetes/kubernetes#132359). Fields the body leaves out come from the query. The result
/// is checked as upstream's ValidateDeleteOptions does (422 on DeleteOptions.meta.k8s.io).
/// </summary>
public static class DeleteOptionsReader
{
    public static DeleteOptions From(JsonNode? body, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var options = body switch
        {
            null => null,
            JsonObject obj => Decode(obj),
            _ => throw ApiException.BadRequest(TypeMeta.NotAnObjectError(body)),
        };
        var policy = options?.PropagationPolicy ?? query["propagationPolicy"].FirstOrDefault();
        var orphan = options?.OrphanDependents ?? QueryBool(query["orphanDependents"].FirstOrDefault());
        var dryRun = options?.DryRun is { } fromBody ? [.. fromBody.Select(v => v ?? "")] : QueryOptions.DryRun(query);
        OptionsValidation.ThrowIfAny("DeleteOptions", OptionsValidation.Delete(orphan, policy, dryRun));
        return new DeleteOptions(
            policy ?? (orphan == true ? "Orphan" : null),
            options?.GracePeriodSeconds ?? QueryOptions.Long(query["gracePeriodSeconds"].FirstOrDefault(), "gracePeriodSeconds"),
            options?.Preconditions?.Uid,
            options?.Preconditions?.ResourceVersion,
            dryRun.Count > 0);
    }

    /// <summary>A boolean query parameter as upstream converts one: absent is null; "0", "f" and "false" (any case) are false; anything else is true.</summary>
    private static bool? QueryBool(string? value) =>
        value is null ? null : !(value == "0" || value.Equals("f", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase));

    private static V1DeleteOptions Decode(JsonObject body) =>
        ObjectCodec.Decode(body, typeof(V1DeleteOptions), out var model) is { } error
            ? throw ApiException.BadRequest(error)
            : (V1DeleteOptions)model!;
}
