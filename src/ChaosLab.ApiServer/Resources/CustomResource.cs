using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Resources;

/// <summary>
/// What a served version of a CustomResourceDefinition adds to its <see cref="ResourceType"/>: the CRD it comes
/// from, the version's openAPIV3Schema, its additionalPrinterColumns and the scale subresource's paths; a terminating
/// CRD's objects can still be read and deleted, not created.
/// </summary>
public sealed record CustomResource(string DefinitionName, JsonObject? Schema, IReadOnlyList<JsonObject> PrinterColumns, CustomScalePaths? Scale, bool Terminating = false);

/// <summary>Where the scale subresource reads and writes replicas: .spec.replicas, .status.replicas, .status.selector.</summary>
public sealed record CustomScalePaths(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);
