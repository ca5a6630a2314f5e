using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Pods: upstream defaults, spec validation, and the short list of spec fields an update may change.</summary>
public sealed class PodStrategy(ResourceType type) : GenericStrategy(type)
{
    private const string UpdatableFields =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`," +
        "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj.Ensure("spec");
        foreach (var list in (string[])["containers", "initContainers"])
        {
            foreach (var (_, container) in spec.Items(list)) RequestsFromLimits(container);
        }
        spec.SetDefault("enableServiceLinks", true);
        // The ServiceAccount admission plugin's default, applied here so every pod names its account.
        if (spec.S("serviceAccountName").Length == 0 && spec.S("serviceAccount").Length == 0) spec["serviceAccountName"] = "default";
        PodSpecDefaults.Apply(spec);
        if (spec.Bool("hostNetwork")) HostPortsFromContainerPorts(spec);

        if (obj.Obj("status") is null or { Count: 0 })
        {
            obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.ClassOf(spec) };
        }
    }

    public override void PrepareForStatusUpdate(JsonObject newObj, JsonObject old)
    {
        base.PrepareForStatusUpdate(newObj, old);
        // Old kubelets corrupted owner references through pods/status, so upstream ignores them there.
        KeepMetadata(newObj, old, "ownerReferences");
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec");
        var causes = PodSpecValidator.Validate(spec, "spec").ToList();
        if (old is not null) causes.AddRange(ValidateSpecUpdate(spec ?? [], old.Obj("spec") ?? []));
        return causes;
    }

    private static IEnumerable<FieldCause> ValidateSpecUpdate(JsonObject spec, JsonObject oldSpec)
    {
        if (spec.Arr("containers")?.Count != oldSpec.Arr("containers")?.Count)
        {
            return [FieldCause.Forbidden("spec.containers", "pod updates may not add or remove containers")];
        }
        var causes = new List<FieldCause>();
        var (deadline, oldDeadline) = (spec.Num("activeDeadlineSeconds"), oldSpec.Num("activeDeadlineSeconds"));
        if (deadline is null && oldDeadline is not null)
        {
            causes.Add(Causes.InvalidRaw("spec.activeDeadlineSeconds", "null", "must not update from a positive integer to nil value"));
        }
        else if (deadline > oldDeadline)
        {
            causes.Add(Causes.Invalid("spec.activeDeadlineSeconds", deadline.Value, "must be less than or equal to previous value"));
        }
        var tolerations = spec.Arr("tolerations")?.OfType<JsonObject>().Select(WithoutSeconds).ToList() ?? [];
        if (oldSpec.Items("tolerations").Any(t => !tolerations.Exists(n => JsonAccess.SemanticEquals(n, WithoutSeconds(t.Item)))))
        {
            causes.Add(FieldCause.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
        }

        var munged = Munge(spec, oldSpec);
        if (!JsonAccess.SemanticEquals(munged, oldSpec)) causes.Add(FieldCause.Forbidden("spec", UpdatableFields + "\n" + Diff(oldSpec, munged)));
        return causes;
    }

    /// <summary>The new spec with every field an update may change put back to its stored value.</summary>
    private static JsonObject Munge(JsonObject spec, JsonObject oldSpec)
    {
        var munged = spec.DeepClone().AsObject();
        foreach (var list in (string[])["containers", "initContainers"])
        {
            foreach (var (i, container) in munged.Items(list))
            {
                container.CopyFrom(oldSpec.Arr(list)?[i] as JsonObject ?? [], "image");
            }
        }
        munged.CopyFrom(oldSpec, "activeDeadlineSeconds");
        munged.CopyFrom(oldSpec, "tolerations");
        if (spec.Strings("schedulingGates").All(oldSpec.Strings("schedulingGates").Contains)) munged.CopyFrom(oldSpec, "schedulingGates");
        // Binding a pending pod is the one nodeName change allowed; moving a bound pod is not.
        if (oldSpec.S("nodeName").Length == 0) munged.CopyFrom(oldSpec, "nodeName");
        if (oldSpec.Num("terminationGracePeriodSeconds") < 0 && spec.Num("terminationGracePeriodSeconds") == 1)
        {
            munged.CopyFrom(oldSpec, "terminationGracePeriodSeconds");
        }
        return munged;
    }

    /// <summary>A short account of what changed, in place of the cmp.Diff upstream appends.</summary>
    private static string Diff(JsonObject oldSpec, JsonObject newSpec)
    {
        var sb = new StringBuilder("  core.PodSpec{\n");
        foreach (var key in oldSpec.Select(p => p.Key).Union(newSpec.Select(p => p.Key)))
        {
            if (JsonAccess.SemanticEquals(oldSpec[key], newSpec[key])) continue;
            if (oldSpec[key] is { } was) sb.Append("- \t").Append(key).Append(": ").Append(was.ToJsonString()).Append(",\n");
            if (newSpec[key] is { } now) sb.Append("+ \t").Append(key).Append(": ").Append(now.ToJsonString()).Append(",\n");
        }
        return sb.Append("  }\n").ToString();
    }

    private static JsonObject WithoutSeconds(JsonObject toleration)
    {
        var copy = toleration.DeepClone().AsObject();
        copy.Remove("tolerationSeconds");
        return copy;
    }

    private static void RequestsFromLimits(JsonObject container)
    {
        if (container.Obj("resources").Obj("limits") is not { } limits) return;
        var requests = container.Ensure("resources").Ensure("requests");
        foreach (var (name, value) in limits) requests.SetDefault(name, value?.DeepClone() ?? "0");
    }

    private static void HostPortsFromContainerPorts(JsonObject spec)
    {
        foreach (var list in (string[])["containers", "initContainers"])
        {
            foreach (var (_, port) in spec.Items(list).SelectMany(c => c.Item.Items("ports")))
            {
                if (port.Num("hostPort") is null or 0 && port["containerPort"] is { } containerPort) port["hostPort"] = containerPort.DeepClone();
            }
        }
    }
}
