using System.Globalization;
using ChaosLab.ApiServer.Rest;
using Microsoft.AspNetCore.Http;

namespace ChaosLab.ApiServer.Http;

/// <summary>
/// Options a request carries in its query string, parsed and checked here, where they are read, before anything is
/// listed, watched or written: a value that does not parse is a 400; one that parses but upstream does not support is
/// the 422 of <see cref="OptionsValidation"/>.
/// </summary>
public static class QueryOptions
{
    /// <summary>ListOptions of a list, watch or deletecollection.</summary>
    public static ListOptions List(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var options = new ListOptions(
            query["labelSelector"].FirstOrDefault(),
            query["fieldSelector"].FirstOrDefault(),
            Long(query["limit"].FirstOrDefault(), "limit") ?? 0,
            query["continue"].FirstOrDefault(),
            query["resourceVersion"].FirstOrDefault(),
            query["resourceVersionMatch"].FirstOrDefault(),
            IsTrue(query["watch"]),
            IsTrue(query["allowWatchBookmarks"]),
            Long(query["timeoutSeconds"].FirstOrDefault(), "timeoutSeconds"),
            query["sendInitialEvents"].FirstOrDefault() is { } s ? IsTrue(s) : null);
        OptionsValidation.ThrowIfAny("ListOptions", OptionsValidation.List(options));
        return options;
    }

    /// <summary>Options of a create, update or patch; <paramref name="kind"/> is CreateOptions, UpdateOptions or PatchOptions.</summary>
    public static WriteOptions Write(IQueryCollection query, string kind)
    {
        ArgumentNullException.ThrowIfNull(query);
        var dryRun = DryRun(query);
        var fieldManager = query["fieldManager"].FirstOrDefault();
        var fieldValidation = query["fieldValidation"].FirstOrDefault() ?? "";
        OptionsValidation.ThrowIfAny(kind, OptionsValidation.Write(fieldManager, dryRun, fieldValidation));
        return new WriteOptions(dryRun.Count > 0, fieldManager, fieldValidation.Length == 0 ? "Warn" : fieldValidation);
    }

    /// <summary>Every dryRun value given (the parameter may repeat), "" for one given without a value.</summary>
    public static IReadOnlyList<string> DryRun(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return [.. query["dryRun"].Select(v => v ?? "")];
    }

    /// <summary>A non-negative integer parameter; absent or empty is null.</summary>
    public static long? Long(string? text, string name) =>
        string.IsNullOrEmpty(text) ? null
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value
        : throw ApiException.BadRequest($"invalid {name} \"{text}\": must be a non-negative integer");

    public static bool IsTrue(string? value) => value is "true" or "1" or "True";
}
