using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// Upstream's checks of a pod's and a container's securityContext: user and group ids in range, procMount one of
/// its values, and the combinations that cannot hold (no privilege escalation yet privileged, or CAP_SYS_ADMIN).
/// What the runtime alone can judge (a capability's name, a seccomp profile's file) is left to it.
/// </summary>
internal static class SecurityContextRules
{
    private const long MaxId = int.MaxValue;
    private static readonly string[] ProcMounts = ["Default", "Unmasked"];

    /// <summary>spec.securityContext; path is "spec" or "spec.template.spec".</summary>
    public static IEnumerable<FieldCause> Pod(JsonObject? spec, string path)
    {
        var causes = new List<FieldCause>();
        if (spec.Obj("securityContext") is not { } context)
        {
            return causes;
        }
        var at = $"{path}.securityContext";
        Id(context, "runAsUser", at, causes);
        Id(context, "runAsGroup", at, causes);
        Id(context, "fsGroup", at, causes);
        var groups = context.Arr("supplementalGroups") ?? [];
        for (var i = 0; i < groups.Count; i++)
        {
            if (JsonAccess.AsNumber(groups[i]) is { } group && group is < 0 or > MaxId)
            {
                causes.Add(Causes.Invalid($"{at}.supplementalGroups[{i}]", group, NameRules.InclusiveRangeError(0, MaxId)));
            }
        }
        return causes;
    }

    /// <summary>A container's securityContext; path names the container ("spec.containers[0]").</summary>
    public static IEnumerable<FieldCause> Container(JsonObject container, string path)
    {
        var causes = new List<FieldCause>();
        if (container.Obj("securityContext") is not { } context)
        {
            return causes;
        }
        var at = $"{path}.securityContext";
        Id(context, "runAsUser", at, causes);
        Id(context, "runAsGroup", at, causes);
        if (context.Str("procMount") is { } procMount && !ProcMounts.Contains(procMount))
        {
            causes.Add(Causes.NotSupported($"{at}.procMount", procMount, ProcMounts));
        }
        if (context["allowPrivilegeEscalation"] is JsonValue escalation && escalation.GetValueKind() == System.Text.Json.JsonValueKind.False)
        {
            if (context.Bool("privileged"))
            {
                causes.Add(Causes.InvalidRaw(at, "\"object\"", "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
            }
            if (context.Obj("capabilities").Strings("add").Contains("CAP_SYS_ADMIN"))
            {
                causes.Add(Causes.InvalidRaw(at, "\"object\"", "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
            }
        }
        return causes;
    }

    private static void Id(JsonObject context, string field, string at, List<FieldCause> causes)
    {
        if (context.Num(field) is { } id && id is < 0 or > MaxId)
        {
            causes.Add(Causes.Invalid($"{at}.{field}", id, NameRules.InclusiveRangeError(0, MaxId)));
        }
    }
}
