using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// Services: upstream defaults and validation. Allocating cluster IPs and node ports is the allocator's job; this
/// only checks what the client wrote and, on update, carries over what was allocated.
/// </summary>
public sealed class ServiceStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] Affinities = ["ClientIP", "None"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] Families = ["IPv4", "IPv6"];
    private static readonly string[] FamilyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];

    // Service names become DNS names of the form NAME.NAMESPACE.svc, so they must start with a letter.
    protected override Func<string, IReadOnlyList<string>> NameRule => NameRules.IsDNS1035Label;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj.Ensure("spec");
        spec.SetDefault("type", "ClusterIP");
        spec.SetDefault("sessionAffinity", "None");
        if (spec.S("sessionAffinity") == "None") spec.Remove("sessionAffinityConfig");
        foreach (var (_, port) in spec.Items("ports"))
        {
            port.SetDefault("protocol", "TCP");
            if (port["targetPort"] is null || JsonAccess.Text(port["targetPort"]) is "" or "0") port["targetPort"] = port["port"]?.DeepClone();
        }
        var kind = spec.S("type");
        if ((kind is "NodePort" or "LoadBalancer" || spec.Arr("externalIPs") is { Count: > 0 }) && spec.S("externalTrafficPolicy").Length == 0)
        {
            spec["externalTrafficPolicy"] = "Cluster";
        }
        if (kind is "ClusterIP" or "NodePort" or "LoadBalancer") spec.SetDefault("internalTrafficPolicy", "Cluster");
        if (kind == "LoadBalancer") spec.SetDefault("allocateLoadBalancerNodePorts", true);
        if (kind != "ExternalName")
        {
            // This server is single-stack IPv4; upstream's allocator fills these the same way there.
            spec.SetDefault("ipFamilyPolicy", "SingleStack");
            spec.SetDefault("ipFamilies", new JsonArray("IPv4"));
        }
        // Old clients set only clusterIP; the plural field follows it.
        if (spec.S("clusterIP").Length > 0 && spec.Arr("clusterIPs") is null or { Count: 0 }) spec["clusterIPs"] = new JsonArray(spec.S("clusterIP"));
        obj.Ensure("status").SetDefault("loadBalancer", new JsonObject());
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject old)
    {
        base.PrepareForUpdate(newObj, old);
        var (spec, oldSpec) = (newObj.Ensure("spec"), old.Obj("spec") ?? []);
        // kubectl apply of a manifest without clusterIP or nodePort keeps what was allocated (upstream patchAllocatedValues).
        if (spec.S("type") != "ExternalName" && oldSpec.S("type") != "ExternalName")
        {
            if (spec.S("clusterIP").Length == 0) spec.CopyFrom(oldSpec, "clusterIP");
            if (spec.Arr("clusterIPs") is null or { Count: 0 }) spec.CopyFrom(oldSpec, "clusterIPs");
        }
        if (spec.S("type") is "NodePort" or "LoadBalancer" && oldSpec.S("type") is "NodePort" or "LoadBalancer")
        {
            KeepNodePorts(spec, oldSpec);
        }
        // Upstream's dropTypeDependentFields: a Service that no longer takes node ports gives back those it still
        // carries from before (a patch of the type alone keeps them in the ports), so the change is valid.
        if (!Rest.ServiceNodePorts.Wanted(spec))
        {
            var held = Rest.ServiceNodePorts.Held(old);
            foreach (var (_, port) in spec.Items("ports"))
            {
                if (port.Num("nodePort") is { } n && held.Contains((long)n))
                {
                    port.Remove("nodePort");
                }
            }
        }
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var spec = obj.Obj("spec") ?? [];
        var causes = new List<FieldCause>();
        if (old is not null) causes.AddRange(ClusterIPsUpdate(spec, old.Obj("spec") ?? []));
        var kind = spec.S("type");
        var clusterIPs = spec.Strings("clusterIPs");
        var headless = clusterIPs is ["None"];

        if (spec.Arr("ports") is null or { Count: 0 } && !headless && kind != "ExternalName") causes.Add(Causes.Required("spec.ports"));
        if (kind == "ExternalName") causes.AddRange(ExternalName(spec));

        var names = new HashSet<string>(StringComparer.Ordinal);
        var ports = spec.Items("ports").ToList();
        foreach (var (i, port) in ports) causes.AddRange(Port(port, $"spec.ports[{i}]", ports.Count > 1, names));

        causes.AddRange(ObjectMetaValidator.ValidateLabels(spec.Map("selector"), "spec.selector"));
        causes.AddRange(PodSpecValidator.Enumerated(spec.Str("sessionAffinity"), "spec.sessionAffinity", Affinities));
        if (spec.S("sessionAffinity") == "None" && spec.Has("sessionAffinityConfig"))
        {
            causes.Add(FieldCause.Forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
        }
        if (kind != "ExternalName") causes.AddRange(ClusterIPs(spec, clusterIPs));
        causes.AddRange(PodSpecValidator.Enumerated(spec.Str("type"), "spec.type", Types));
        if (kind == "ClusterIP")
        {
            causes.AddRange(ports.Where(p => p.Item.Num("nodePort") is not (null or 0))
                .Select(p => FieldCause.Forbidden($"spec.ports[{p.Index}].nodePort", "may not be used when `type` is 'ClusterIP'")));
        }
        var nodePorts = new HashSet<(string, decimal)>();
        foreach (var (i, port) in ports)
        {
            if (port.Num("nodePort") is { } nodePort and not 0 && !nodePorts.Add((port.S("protocol"), nodePort)))
            {
                causes.Add(Causes.Duplicate($"spec.ports[{i}].nodePort", Causes.Number(nodePort)));
            }
        }
        return causes;
    }

    private static IEnumerable<FieldCause> ExternalName(JsonObject spec)
    {
        if (spec.Arr("clusterIPs") is { Count: > 0 }) yield return FieldCause.Forbidden("spec.clusterIPs", "may not be set for ExternalName services");
        var cname = spec.S("externalName").TrimEnd('.');
        if (cname.Length == 0) yield return Causes.Required("spec.externalName");
        foreach (var cause in Causes.Each("spec.externalName", cname, NameRules.IsDNS1123Subdomain(cname))) yield return cause;
    }

    private static List<FieldCause> Port(JsonObject port, string path, bool nameRequired, HashSet<string> names)
    {
        var causes = new List<FieldCause>();
        var name = port.S("name");
        if (nameRequired && name.Length == 0) causes.Add(Causes.Required($"{path}.name"));
        else if (name.Length > 0)
        {
            causes.AddRange(Causes.Each($"{path}.name", name, NameRules.IsDNS1123Label(name)));
            if (!names.Add(name)) causes.Add(Causes.Duplicate($"{path}.name", Causes.Quote(name)));
        }
        var number = port.Num("port") ?? 0;
        causes.AddRange(NameRules.IsValidPortNum((long)number).Select(m => Causes.Invalid($"{path}.port", number, m)));
        causes.AddRange(PodSpecValidator.Enumerated(port.Str("protocol"), $"{path}.protocol", Protocols));
        var target = port["targetPort"];
        if (JsonAccess.AsNumber(target) is { } targetNumber)
        {
            causes.AddRange(NameRules.IsValidPortNum((long)targetNumber).Select(m => Causes.Invalid($"{path}.targetPort", targetNumber, m)));
        }
        else if (target is not null)
        {
            var targetName = JsonAccess.Text(target);
            causes.AddRange(Causes.Each($"{path}.targetPort", targetName, NameRules.IsValidPortName(targetName)));
        }
        return causes;
    }

    private static List<FieldCause> ClusterIPs(JsonObject spec, IReadOnlyList<string> clusterIPs)
    {
        var causes = new List<FieldCause>();
        var clusterIP = spec.S("clusterIP");
        if (clusterIP.Length > 0 && clusterIPs.Count == 0) causes.Add(Causes.Required("spec.clusterIPs"));
        else if (clusterIP.Length > 0 && clusterIPs[0] != clusterIP) causes.Add(Causes.InvalidRaw("spec.clusterIPs", Causes.GoStrings(clusterIPs), "first value must match `clusterIP`"));
        else if (clusterIP.Length == 0 && clusterIPs.Count > 0) causes.Add(Causes.InvalidRaw("spec.clusterIPs", Causes.GoStrings(clusterIPs), "must be empty when `clusterIP` is not specified"));

        var families = spec.Strings("ipFamilies");
        for (var i = 0; i < families.Count; i++)
        {
            if (!Families.Contains(families[i])) causes.Add(Causes.NotSupported($"spec.ipFamilies[{i}]", families[i], Families));
            if (families.Take(i).Contains(families[i])) causes.Add(Causes.Duplicate($"spec.ipFamilies[{i}]", Causes.Quote(families[i])));
        }
        if (spec.Str("ipFamilyPolicy") is { } policy && !FamilyPolicies.Contains(policy)) causes.Add(Causes.NotSupported("spec.ipFamilyPolicy", policy, FamilyPolicies));

        for (var i = 0; i < clusterIPs.Count; i++)
        {
            if (i == 0 && clusterIPs[0] == "None")
            {
                if (clusterIPs.Count > 1) causes.Add(Causes.InvalidRaw("spec.clusterIPs", Causes.GoStrings(clusterIPs), "'None' must be the first and only value"));
                continue;
            }
            if (!IpRules.IsIP(clusterIPs[i])) causes.Add(Causes.Invalid($"spec.clusterIPs[{i}]", clusterIPs[i], IpRules.InvalidIp));
        }
        return causes;
    }

    /// <summary>Allocated cluster IPs stay put; only switching to or from ExternalName may drop them.</summary>
    private static List<FieldCause> ClusterIPsUpdate(JsonObject spec, JsonObject oldSpec)
    {
        var causes = new List<FieldCause>();
        if (spec.S("type") == "ExternalName" || oldSpec.S("type") == "ExternalName") return causes;
        var (ips, oldIps) = (spec.Strings("clusterIPs"), oldSpec.Strings("clusterIPs"));
        for (var i = 0; i < Math.Min(ips.Count, oldIps.Count); i++)
        {
            if (ips[i] != oldIps[i]) causes.Add(Causes.InvalidRaw($"spec.clusterIPs[{i}]", Causes.GoStrings(ips), "may not change once set"));
        }
        if (ips.Count == 0 && oldIps.Count > 0) causes.Add(Causes.InvalidRaw("spec.clusterIPs[0]", Causes.GoStrings(ips), "primary clusterIP can not be unset"));
        return causes;
    }

    private static void KeepNodePorts(JsonObject spec, JsonObject oldSpec)
    {
        var byName = oldSpec.Items("ports").GroupBy(p => p.Item.S("name")).ToDictionary(g => g.Key, g => g.First().Item["nodePort"]);
        var used = spec.Items("ports").Select(p => p.Item.Num("nodePort")).Where(n => n is not (null or 0)).ToHashSet();
        foreach (var (_, port) in spec.Items("ports"))
        {
            if (port.Num("nodePort") is not (null or 0)) continue;
            if (byName.GetValueOrDefault(port.S("name")) is { } old && !used.Contains(JsonAccess.AsNumber(old))) port["nodePort"] = old.DeepClone();
        }
    }
}
