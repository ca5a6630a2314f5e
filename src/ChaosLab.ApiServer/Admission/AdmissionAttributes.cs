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

    /// <summary>Set when a create is admitted again because a cached answer proved stale: plugins read storage, not their caches.</summary>
    public bool FreshReads { get; init; }

    private readonly List<string> _emptyPrefixes = [];

    /// <summary>Storage prefixes the create's write must find empty (see <see cref="RequireEmpty"/>).</summary>
    public IReadOnlyList<string> EmptyPrefixes => _emptyPrefixes;

    /// <summary>
    /// A plugin that let a create through because a cache said nothing exists under <paramref name="prefix"/> (no
    /// ResourceQuota in the namespace) makes the write check it: if a key appeared there meanwhile, the write fails and
    /// the create is admitted again with <see cref="FreshReads"/>.
    /// </summary>
    public void RequireEmpty(string prefix) => _emptyPrefixes.Add(prefix);
}

public interface IAdmissionPlugin
{
    Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct);
}
