using System.Diagnostics.CodeAnalysis;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Printing;

/// <summary>The includeObject query parameter of a Table request: what each row carries besides its cells.</summary>
public enum IncludeObject
{
    None,
    Metadata,

    [SuppressMessage("Naming", "CA1720", Justification = "Named after the wire value includeObject=Object.")]
    Object,
}

public static class IncludeObjectParser
{
    /// <summary>Empty means Metadata, as upstream; anything but None/Metadata/Object is a 400.</summary>
    public static IncludeObject Parse(string? value) => value switch
    {
        null or "" or "Metadata" => IncludeObject.Metadata,
        "None" => IncludeObject.None,
        "Object" => IncludeObject.Object,
        _ => throw ApiException.BadRequest($"includeObject: Unsupported value: \"{value}\": supported values: \"Metadata\", \"None\", \"Object\""),
    };
}
