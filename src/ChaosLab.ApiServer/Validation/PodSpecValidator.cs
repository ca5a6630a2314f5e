using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Upstream ValidatePodSpec for the fields a lab exercises; path is "spec" or "spec.template.spec".</summary>
internal static class PodSpecValidator
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static IEnumerable<FieldCause> Validate(JsonObject? spec, string path)
    {
        var causes = new List<FieldCause>();
        var volumes = Volumes(spec, path, causes);

        var names = new HashSet<string>(StringComparer.Ordinal);
        if (spec.Arr("containers") is not { Count: > 0 }) causes.Add(Causes.Required($"{path}.containers"));
        foreach (var list in (string[])["containers", "initContainers"])
        {
            foreach (var (i, container) in spec.Items(list))
            {
                causes.AddRange(Container(container, $"{path}.{list}[{i}]", volumes, names));
            }
        }

        causes.AddRange(SecurityContextRules.Pod(spec, path));
        causes.AddRange(Enumerated(spec.Str("restartPolicy"), $"{path}.restartPolicy", RestartPolicies));
        causes.AddRange(Enumerated(spec.Str("dnsPolicy"), $"{path}.dnsPolicy", DnsPolicies));
        if (spec.Num("activeDeadlineSeconds") is { } deadline && deadline is < 1 or > int.MaxValue)
        {
            causes.Add(Causes.Invalid($"{path}.activeDeadlineSeconds", deadline, NameRules.InclusiveRangeError(1, int.MaxValue)));
        }
        causes.AddRange(Causes.NonNegativeNumber(spec, "terminationGracePeriodSeconds", $"{path}.terminationGracePeriodSeconds"));
        causes.AddRange(ObjectMetaValidator.ValidateLabels(spec.Map("nodeSelector"), $"{path}.nodeSelector"));
        Named(spec, "serviceAccountName", path, NameRules.IsDNS1123Subdomain, causes);
        Named(spec, "nodeName", path, NameRules.IsDNS1123Subdomain, causes);
        Named(spec, "hostname", path, NameRules.IsDNS1123Label, causes);
        Named(spec, "subdomain", path, NameRules.IsDNS1123Label, causes);
        return causes;
    }

    /// <summary>Required when absent, else one of the supported values (listed in upstream's order).</summary>
    public static IEnumerable<FieldCause> Enumerated(string? value, string path, IReadOnlyList<string> supported) =>
        string.IsNullOrEmpty(value) ? [Causes.Required(path)]
        : supported.Contains(value) ? []
        : [Causes.NotSupported(path, value, supported)];

    private static HashSet<string> Volumes(JsonObject? spec, string path, List<FieldCause> causes)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, volume) in spec.Items("volumes"))
        {
            var name = volume.S("name");
            var at = $"{path}.volumes[{i}].name";
            if (name.Length == 0) causes.Add(Causes.Required(at));
            else causes.AddRange(Causes.Each(at, name, NameRules.IsDNS1123Label(name)));
            if (name.Length > 0 && !names.Add(name)) causes.Add(Causes.Duplicate(at, Causes.Quote(name)));
        }
        return names;
    }

    private static List<FieldCause> Container(JsonObject container, string path, HashSet<string> volumes, HashSet<string> names)
    {
        var causes = new List<FieldCause>();
        var name = container.S("name");
        if (name.Length == 0) causes.Add(Causes.Required($"{path}.name"));
        else causes.AddRange(Causes.Each($"{path}.name", name, NameRules.IsDNS1123Label(name)));
        if (name.Length > 0 && !names.Add(name)) causes.Add(Causes.Duplicate($"{path}.name", Causes.Quote(name)));

        if (container.S("image").Length == 0) causes.Add(Causes.Required($"{path}.image"));
        causes.AddRange(Ports(container, $"{path}.ports"));
        foreach (var (i, env) in container.Items("env"))
        {
            var envName = env.S("name");
            if (envName.Length == 0) causes.Add(Causes.Required($"{path}.env[{i}].name"));
            else causes.AddRange(Causes.Each($"{path}.env[{i}].name", envName, NameRules.IsEnvVarName(envName)));
        }
        foreach (var (i, mount) in container.Items("volumeMounts"))
        {
            var mountName = mount.S("name");
            if (mountName.Length == 0) causes.Add(Causes.Required($"{path}.volumeMounts[{i}].name"));
            else if (!volumes.Contains(mountName)) causes.Add(Causes.NotFound($"{path}.volumeMounts[{i}].name", mountName));
            if (mount.S("mountPath").Length == 0) causes.Add(Causes.Required($"{path}.volumeMounts[{i}].mountPath"));
        }
        causes.AddRange(Enumerated(container.Str("imagePullPolicy"), $"{path}.imagePullPolicy", PullPolicies));
        causes.AddRange(SecurityContextRules.Container(container, path));
        return causes;
    }

    private static List<FieldCause> Ports(JsonObject container, string path)
    {
        var causes = new List<FieldCause>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, port) in container.Items("ports"))
        {
            var at = $"{path}[{i}]";
            var name = port.S("name");
            var nameErrors = name.Length > 0 ? NameRules.IsValidPortName(name) : [];
            causes.AddRange(Causes.Each($"{at}.name", name, nameErrors));
            if (name.Length > 0 && nameErrors.Count == 0 && !names.Add(name)) causes.Add(Causes.Duplicate($"{at}.name", Causes.Quote(name)));

            var number = port.Num("containerPort") ?? 0;
            if (number == 0) causes.Add(Causes.Required($"{at}.containerPort"));
            else causes.AddRange(NameRules.IsValidPortNum((long)number).Select(m => Causes.Invalid($"{at}.containerPort", number, m)));
            if (port.Num("hostPort") is { } host and not 0)
            {
                causes.AddRange(NameRules.IsValidPortNum((long)host).Select(m => Causes.Invalid($"{at}.hostPort", host, m)));
            }
            causes.AddRange(Enumerated(port.Str("protocol"), $"{at}.protocol", Protocols));
        }
        return causes;
    }

    private static void Named(JsonObject? spec, string field, string path, Func<string, IReadOnlyList<string>> rule, List<FieldCause> causes)
    {
        var value = spec.S(field);
        if (value.Length > 0) causes.AddRange(Causes.Each($"{path}.{field}", value, rule(value)));
    }
}
