using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// batch/v1 JobSpec defaults and checks (upstream SetDefaults_Job and validateJobSpec), shared by Jobs and the
/// job templates of CronJobs. Paths are given with the spec's own prefix ("spec" or "spec.jobTemplate.spec").
/// </summary>
internal static class JobSpecRules
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string LegacyJobNameLabel = "job-name";

    /// <summary>Upstream caps Indexed Jobs at this many completions.</summary>
    private const int MaxIndexedCompletions = 100_000;

    private static readonly string[] CompletionModes = ["NonIndexed", "Indexed"];
    private static readonly string[] JobRestartPolicies = ["OnFailure", "Never"];
    private static readonly string[] ReplacementPolicies = ["TerminatingOrFailed", "Failed"];

    /// <summary>SetDefaults_Job's spec part.</summary>
    public static void Default(JsonObject spec)
    {
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = JsonAccess.Number(1);
        }
        spec.SetDefault("parallelism", 1);
        spec.SetDefault("backoffLimit", spec.Has("backoffLimitPerIndex") ? int.MaxValue : 6);
        spec.SetDefault("completionMode", "NonIndexed");
        spec.SetDefault("suspend", JsonValue.Create(false));
        spec.SetDefault("manualSelector", JsonValue.Create(false));
        spec.SetDefault("podReplacementPolicy", spec.Has("podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
        PodSpecDefaults.Apply(spec.Ensure("template").Ensure("spec"));
    }

    /// <summary>
    /// Upstream generateSelector: without manualSelector the selector is the Job's uid, and the template carries
    /// the labels that make it match (user-set values are kept; validation then reports a mismatch).
    /// </summary>
    public static void GenerateSelector(JsonObject spec, string name, string uid)
    {
        if (spec.Bool("manualSelector")) return;
        var labels = spec.Ensure("template").Ensure("metadata").Ensure("labels");
        labels.SetDefault(LegacyJobNameLabel, name);
        labels.SetDefault(LegacyControllerUidLabel, uid);
        labels.SetDefault(JobNameLabel, name);
        labels.SetDefault(ControllerUidLabel, uid);
        spec.Ensure("selector").Ensure("matchLabels").SetDefault(ControllerUidLabel, uid);
    }

    /// <param name="selectorRequired">True for Jobs (generated before validation); job templates may omit it.</param>
    public static IEnumerable<FieldCause> Validate(JsonObject? spec, string path, bool selectorRequired)
    {
        var causes = new List<FieldCause>();
        foreach (var field in (string[])["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"])
        {
            causes.AddRange(Causes.NonNegativeNumber(spec, field, $"{path}.{field}"));
        }
        if (spec.Num("backoffLimitPerIndex") is { } perIndex && perIndex < 0) causes.Add(Causes.Invalid($"{path}.backoffLimitPerIndex", perIndex, Causes.NonNegative));
        var mode = spec.Str("completionMode");
        if (mode is not null && !CompletionModes.Contains(mode)) causes.Add(Causes.NotSupported($"{path}.completionMode", mode, CompletionModes));
        if (mode == "Indexed")
        {
            if (spec.Num("completions") is not { } completions) causes.Add(Causes.Required($"{path}.completions", "when completion mode is Indexed"));
            else if (completions > MaxIndexedCompletions) causes.Add(Causes.Invalid($"{path}.completions", completions, $"must be less than or equal to {MaxIndexedCompletions} when completion mode is Indexed"));
        }
        else if (spec.Has("backoffLimitPerIndex"))
        {
            causes.Add(Causes.Required($"{path}.completionMode", "requires indexed completion mode"));
        }
        var replacement = spec.Str("podReplacementPolicy");
        if (replacement is not null && !ReplacementPolicies.Contains(replacement)) causes.Add(Causes.NotSupported($"{path}.podReplacementPolicy", replacement, ReplacementPolicies));

        var selector = spec.Obj("selector");
        var template = spec.Obj("template") ?? [];
        var labels = template.Obj("metadata").Map("labels");
        if (selector is null)
        {
            if (selectorRequired) causes.Add(Causes.Required($"{path}.selector"));
        }
        else
        {
            var selectorErrors = LabelSelectors.Validate(selector, $"{path}.selector").ToList();
            causes.AddRange(selectorErrors);
            if (selectorErrors.Count == 0 && !LabelSelectors.Matches(selector, labels))
            {
                causes.Add(Causes.InvalidRaw($"{path}.template.metadata.labels", Causes.GoMap(labels), "`selector` does not match template `labels`"));
            }
        }
        causes.AddRange(ObjectMetaValidator.ValidateLabels(labels, $"{path}.template.labels"));
        causes.AddRange(ObjectMetaValidator.ValidateAnnotations(template.Obj("metadata").Map("annotations"), $"{path}.template.annotations"));
        var podSpec = template.Obj("spec");
        causes.AddRange(PodSpecValidator.Validate(podSpec, $"{path}.template.spec"));
        var restartPolicy = podSpec.S("restartPolicy");
        if (!JobRestartPolicies.Contains(restartPolicy))
        {
            causes.Add(Causes.NotSupported($"{path}.template.spec.restartPolicy", restartPolicy, JobRestartPolicies));
        }
        return causes;
    }

    /// <summary>Upstream ValidateGeneratedSelector: a generated selector must be the Job's own uid on both sides.</summary>
    public static IEnumerable<FieldCause> ValidateGeneratedSelector(JsonObject? spec, string uid)
    {
        if (spec.Bool("manualSelector") || spec.Obj("selector") is not { } selector) return [];
        // A user-set controller-uid label survives generation; it must still be this Job's own.
        return selector.Obj("matchLabels").Str(ControllerUidLabel) == uid
            ? []
            : [Causes.InvalidRaw("spec.selector", LabelSelectors.GoString(selector), "`selector` not auto-generated")];
    }

    /// <summary>Upstream validateJobSpecUpdate: what a running Job may not change.</summary>
    public static IEnumerable<FieldCause> ValidateUpdate(JsonObject? spec, JsonObject? oldSpec)
    {
        var causes = new List<FieldCause>();
        if (!JsonAccess.SemanticEquals(spec?["selector"], oldSpec?["selector"]))
        {
            causes.Add(Causes.InvalidRaw("spec.selector", LabelSelectors.GoString(spec.Obj("selector")), Causes.Immutable));
        }
        // Indexed Jobs may scale completions together with parallelism (elastic Indexed Jobs); NonIndexed ones may not.
        var elastic = spec.S("completionMode") == "Indexed" && spec.Num("completions") == spec.Num("parallelism");
        if (!elastic && spec.Num("completions") != oldSpec.Num("completions"))
        {
            causes.Add(Immutable("spec.completions", spec?["completions"]));
        }
        // A suspended Job that never started may still change its pods' scheduling directives; we allow the whole
        // template then, as upstream does for the directives it lists.
        var mayChangeTemplate = oldSpec.Bool("suspend") && spec.Bool("suspend");
        if (!mayChangeTemplate && !JsonAccess.SemanticEquals(spec?["template"], oldSpec?["template"]))
        {
            // Upstream prints the whole core.PodTemplateSpec here; the field and the reason are what clients read.
            causes.Add(Causes.InvalidRaw("spec.template", "core.PodTemplateSpec{...}", Causes.Immutable));
        }
        foreach (var field in (string[])["completionMode", "podFailurePolicy", "backoffLimitPerIndex"])
        {
            if (!JsonAccess.SemanticEquals(spec?[field], oldSpec?[field])) causes.Add(Immutable($"spec.{field}", spec?[field]));
        }
        return causes;
    }

    private static FieldCause Immutable(string field, JsonNode? value) =>
        Causes.InvalidRaw(field, value is null ? "null" : JsonAccess.AsNumber(value) is { } n ? Causes.Number(n) : Causes.Quote(JsonAccess.Text(value)), Causes.Immutable);
}
