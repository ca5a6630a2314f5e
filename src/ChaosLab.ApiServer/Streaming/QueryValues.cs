using System.Globalization;
using ChaosLab.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Streaming;

/// <summary>Query parameters read as upstream's parameter codec reads them: Go's ParseBool for flags, int64 for numbers.</summary>
internal static class QueryValues
{
    public static bool Flag(IQueryCollection query, string name) => query[name].FirstOrDefault() switch
    {
        null or "" => false,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        var other => throw ApiException.BadRequest($"{name}: strconv.ParseBool: parsing \"{other}\": invalid syntax"),
    };

    public static long? Number(IQueryCollection query, string name) => query[name].FirstOrDefault() switch
    {
        null or "" => null,
        var text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        var text => throw ApiException.BadRequest($"{name}: strconv.ParseInt: parsing \"{text}\": invalid syntax"),
    };

    public static string? Text(IQueryCollection query, string name) => query[name].FirstOrDefault() is { Length: > 0 } value ? value : null;
}
