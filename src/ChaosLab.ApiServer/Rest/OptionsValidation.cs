using System.Globalization;
using System.Text;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// Upstream's checks of request options (apimachinery meta/v1/validation and meta/internalversion/validation, 1.32,
/// with the WatchList feature on as it is by default there). A value that parses but is not supported is answered
/// 422 Invalid on "CreateOptions.meta.k8s.io" and its siblings, before the request reads or writes anything;
/// without these checks ?dryRun=Bogus simply created the object.
/// </summary>
public static class OptionsValidation
{
    public const string Group = "meta.k8s.io";
    public const int FieldManagerMaxLength = 128;

    private static readonly string[] FieldValidationValues = ["", "Ignore", "Strict", "Warn"];
    private static readonly string[] PropagationPolicies = ["Foreground", "Background", "Orphan", "nil"];
    private static readonly string[] ListMatches = ["Exact", "NotOlderThan", ""];
    private static readonly string[] WatchMatches = ["NotOlderThan"];

    /// <summary>Throws the 422 upstream answers for <paramref name="causes"/> on options of <paramref name="kind"/> (e.g. "ListOptions").</summary>
    public static void ThrowIfAny(string kind, IReadOnlyList<FieldCause> causes)
    {
        ArgumentNullException.ThrowIfNull(causes);
        if (causes.Count > 0)
        {
            throw ApiException.Invalid(kind, Group, "", causes);
        }
    }

    /// <summary>Create, update and patch options: fieldManager, dryRun and fieldValidation.</summary>
    public static IReadOnlyList<FieldCause> Write(string? fieldManager, IReadOnlyList<string> dryRun, string fieldValidation) =>
        [.. FieldManager(fieldManager), .. DryRun(dryRun), .. FieldValidation(fieldValidation)];

    /// <summary>dryRun may only say "All" (each time it is given); "" and anything else is unsupported.</summary>
    public static IEnumerable<FieldCause> DryRun(IReadOnlyList<string> dryRun)
    {
        ArgumentNullException.ThrowIfNull(dryRun);
        if (dryRun.Any(v => v != "All"))
        {
            // Upstream prints the whole []string with %#v.
            yield return new FieldCause("FieldValueNotSupported", $"Unsupported value: {Causes.GoStrings(dryRun)}: supported values: \"All\"", "dryRun");
        }
    }

    /// <summary>fieldValidation is Ignore, Warn, Strict or empty, spelled exactly so.</summary>
    public static IEnumerable<FieldCause> FieldValidation(string fieldValidation)
    {
        if (!FieldValidationValues.Contains(fieldValidation, StringComparer.Ordinal))
        {
            yield return Causes.NotSupported("fieldValidation", fieldValidation, FieldValidationValues);
        }
    }

    /// <summary>fieldManager: at most 128 bytes, printable characters only (one cause per character that is not).</summary>
    public static IEnumerable<FieldCause> FieldManager(string? fieldManager)
    {
        if (string.IsNullOrEmpty(fieldManager))
        {
            yield break;
        }
        if (Encoding.UTF8.GetByteCount(fieldManager) > FieldManagerMaxLength)
        {
            yield return Causes.TooLong("fieldManager", FieldManagerMaxLength);
        }
        var position = 0;
        foreach (var rune in fieldManager.EnumerateRunes())
        {
            if (!IsPrint(rune))
            {
                yield return Causes.Invalid("fieldManager", fieldManager, $"invalid character U+{rune.Value:X4} (at position {position.ToString(CultureInfo.InvariantCulture)})");
            }
            position += rune.Utf8SequenceLength;
        }
    }

    /// <summary>
    /// ListOptions of a list or a watch: resourceVersionMatch only with a resourceVersion (list) or with
    /// sendInitialEvents (watch), never with continue, and only a value the verb supports.
    /// </summary>
    public static IReadOnlyList<FieldCause> List(ListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var causes = new List<FieldCause>();
        var match = options.ResourceVersionMatch ?? "";
        if (options.Watch)
        {
            if (options.SendInitialEvents is not null && match != "NotOlderThan")
            {
                causes.Add(FieldCause.Forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
            }
            if (match.Length > 0)
            {
                if (options.SendInitialEvents is null)
                {
                    causes.Add(FieldCause.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
                }
                if (match != "NotOlderThan")
                {
                    causes.Add(Causes.NotSupported("resourceVersionMatch", match, WatchMatches));
                }
                if (!string.IsNullOrEmpty(options.Continue))
                {
                    causes.Add(FieldCause.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
                }
            }
            return causes;
        }
        if (match.Length > 0)
        {
            if (string.IsNullOrEmpty(options.ResourceVersion))
            {
                causes.Add(FieldCause.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (!string.IsNullOrEmpty(options.Continue))
            {
                causes.Add(FieldCause.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (match is not ("Exact" or "NotOlderThan"))
            {
                causes.Add(Causes.NotSupported("resourceVersionMatch", match, ListMatches));
            }
            if (match == "Exact" && options.ResourceVersion == "0")
            {
                causes.Add(FieldCause.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }
        if (options.SendInitialEvents is not null)
        {
            causes.Add(FieldCause.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }
        return causes;
    }

    /// <summary>DeleteOptions: orphanDependents and propagationPolicy exclude each other; the policy must be a known one; dryRun as above.</summary>
    public static IReadOnlyList<FieldCause> Delete(bool? orphanDependents, string? propagationPolicy, IReadOnlyList<string> dryRun)
    {
        var causes = new List<FieldCause>();
        if (orphanDependents is not null && propagationPolicy is not null)
        {
            causes.Add(Causes.Invalid("propagationPolicy", propagationPolicy, "orphanDependents and deletionPropagation cannot be both set"));
        }
        if (propagationPolicy is not null and not ("Foreground" or "Background" or "Orphan"))
        {
            causes.Add(Causes.NotSupported("propagationPolicy", propagationPolicy, PropagationPolicies));
        }
        causes.AddRange(DryRun(dryRun));
        return causes;
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation => true,
        UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol => true,
        _ => false,
    };
}
