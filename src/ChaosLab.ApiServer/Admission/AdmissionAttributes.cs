using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Admission;

public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
    Connect,
}

/// <summary>What a write is about to do; a plugin may change <see cref="Object"/> (mutating) or throw an ApiException (rejecting).</summary>
public sealed record AdmissionAttributes(
    AdmissionOperation Operation,
    ResourceType Type,
    string? Subresource,
    string? Namespace,
    string? Name,
    JsonObject? Object,
    JsonObject? OldObject,
    RequestUser User)
{
    /// <summary>A dry run: plugins check but change nothing outside the object (quota charges are not written).</summary>
    public bool DryRun { get; init; }
}

public interface IAdmissionPlugin
{
    Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct);
}
