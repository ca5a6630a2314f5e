namespace ChaosLab.ApiServer.Rest;

/// <summary>Query parameters that shape a write: dryRun=All, fieldManager, fieldValidation=Strict|Warn|Ignore (validated, so spelled exactly).</summary>
public sealed record WriteOptions(bool DryRun, string? FieldManager, string FieldValidation)
{
    public static WriteOptions Default { get; } = new(false, null, "Warn");

    public bool Strict => FieldValidation == "Strict";

    /// <summary>Set by a server-side apply, which records its own managedFields entry: the store must not add an Update one.</summary>
    public bool FieldsRecorded { get; init; }

    /// <summary>The subresource managedFields names when it is not the one the store writes through (a scale writes the main object).</summary>
    public string? FieldSubresource { get; init; }
}

/// <summary>Query parameters of list and watch.</summary>
public sealed record ListOptions(
    string? LabelSelector,
    string? FieldSelector,
    long Limit,
    string? Continue,
    string? ResourceVersion,
    string? ResourceVersionMatch,
    bool Watch,
    bool AllowWatchBookmarks,
    long? TimeoutSeconds,
    bool? SendInitialEvents);

/// <summary>DeleteOptions from the body or the query.</summary>
public sealed record DeleteOptions(string? PropagationPolicy, long? GracePeriodSeconds, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun);

/// <summary>Who is asking: used by admission and by authorization checks that need the stored object.</summary>
public sealed record RequestUser(string Name, IReadOnlyList<string> Groups)
{
    public static RequestUser System { get; } = new("system:apiserver", ["system:masters"]);

    /// <summary>The user's uid when its authenticator knows one (a service account's uid).</summary>
    public string? Uid { get; init; }

    /// <summary>Upstream's user.Info extra: for a pod-bound service-account token, authentication.kubernetes.io/pod-name and pod-uid.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
