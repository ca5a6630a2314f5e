using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// networking.k8s.io NetworkPolicies: a valid pod selector, policy types Ingress or Egress, ports of a known protocol
/// (TCP by default) and an endPort only after a numeric port. Without policyTypes, Ingress applies, and Egress too
/// when egress rules are given, as upstream defaults them.
/// </summary>
public sealed class NetworkPolicyStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly string[] PolicyTypes = ["Ingress", "Egress"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj.Ensure("spec");
        foreach (var direction in (string[])["ingress", "egress"])
        {
            foreach (var (_, rule) in spec.Items(direction))
            {
                foreach (var (_, port) in rule.Items("ports"))
                {
                    if (!port.Has("protocol")) port["protocol"] = "TCP";
                }
            }
        }
        if (spec.Arr("policyTypes") is null or { Count: 0 })
        {
            var types = new JsonArray("Ingress");
            if (spec.Arr("egress") is { Count: > 0 }) types.Add("Egress");
            spec["policyTypes"] = types;
        }
    }

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var spec = obj.Obj("spec");
        causes.AddRange(LabelSelectors.Validate(spec.Obj("podSelector") ?? [], "spec.podSelector"));
        var policyTypes = spec.Strings("policyTypes");
        for (var i = 0; i < policyTypes.Count; i++)
        {
            if (!PolicyTypes.Contains(policyTypes[i])) causes.Add(Causes.NotSupported($"spec.policyTypes[{i}]", policyTypes[i], PolicyTypes));
        }
        if (policyTypes.Count > PolicyTypes.Length)
        {
            causes.Add(Causes.InvalidRaw("spec.policyTypes", Causes.GoStrings(policyTypes), "may not specify more than two policyTypes"));
        }
        foreach (var direction in (string[])["ingress", "egress"])
        {
            foreach (var (i, rule) in spec.Items(direction))
            {
                foreach (var (j, port) in rule.Items("ports"))
                {
                    causes.AddRange(Port(port, $"spec.{direction}[{i}].ports[{j}]"));
                }
            }
        }
        return causes;
    }

    private static IEnumerable<FieldCause> Port(JsonObject port, string at)
    {
        var causes = new List<FieldCause>();
        if (port.Str("protocol") is { } protocol && !Protocols.Contains(protocol)) causes.Add(Causes.NotSupported($"{at}.protocol", protocol, Protocols));
        var number = JsonAccess.AsNumber(port["port"]);
        if (number is { } n) causes.AddRange(NameRules.IsValidPortNum((long)n).Select(m => Causes.Invalid($"{at}.port", n, m)));
        else if (port.Str("port") is { } name) causes.AddRange(Causes.Each($"{at}.port", name, NameRules.IsValidPortName(name)));
        if (port.Num("endPort") is { } end)
        {
            if (number is null) causes.Add(FieldCause.Forbidden($"{at}.endPort", "may not be specified when `port` is non-numeric"));
            else if (end < number) causes.Add(Causes.Invalid($"{at}.endPort", end, "must be greater than or equal to `port`"));
        }
        return causes;
    }
}
