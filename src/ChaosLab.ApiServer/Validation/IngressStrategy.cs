using System.Net;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// networking.k8s.io Ingresses, as upstream's ValidateIngressSpec: a default backend or rules; DNS hosts (a leading
/// "*." allowed); every HTTP path with a pathType and, for Exact and Prefix, a clean absolute path; every backend
/// either a service with a port name or number, or a resource.
/// </summary>
public sealed class IngressStrategy(ResourceType type) : GenericStrategy(type)
{
    private static readonly string[] PathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
    private static readonly string[] BadSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] BadSuffixes = ["/..", "/."];

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var spec = obj.Obj("spec");
        if (spec.Arr("rules") is null or { Count: 0 } && spec.Obj("defaultBackend") is null)
        {
            causes.Add(Causes.InvalidRaw("spec", "[]networking.IngressRule(nil)", "either `defaultBackend` or `rules` must be specified"));
        }
        if (spec.Obj("defaultBackend") is { } defaultBackend) causes.AddRange(Backend(defaultBackend, "spec.defaultBackend"));
        if (spec.Str("ingressClassName") is { } className)
        {
            causes.AddRange(Causes.Each("spec.ingressClassName", className, NameRules.IsDNS1123Subdomain(className)));
        }
        foreach (var (i, rule) in spec.Items("rules"))
        {
            var at = $"spec.rules[{i}]";
            causes.AddRange(Host(rule.S("host"), $"{at}.host"));
            if (rule.Obj("http") is not { } http) continue;
            if (http.Arr("paths") is null or { Count: 0 }) causes.Add(Causes.Required($"{at}.http.paths"));
            foreach (var (j, path) in http.Items("paths"))
            {
                causes.AddRange(Path(path, $"{at}.http.paths[{j}]"));
            }
        }
        return causes;
    }

    private const string WildcardError =
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric " +
        "characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is " +
        "'\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private static IEnumerable<FieldCause> Host(string host, string field)
    {
        if (host.Length == 0) return [];
        if (IPAddress.TryParse(host, out _)) return [Causes.Invalid(field, host, "must be a DNS name, not an IP address")];
        if (!host.StartsWith("*.", StringComparison.Ordinal)) return Causes.Each(field, host, NameRules.IsDNS1123Subdomain(host));
        return NameRules.IsDNS1123Subdomain(host[2..]).Count > 0 ? [Causes.Invalid(field, host, WildcardError)] : [];
    }

    private static IEnumerable<FieldCause> Path(JsonObject path, string at)
    {
        if (path.Str("pathType") is not { } pathType)
        {
            return [Causes.Required($"{at}.pathType", "pathType must be specified")];
        }
        var causes = new List<FieldCause>();
        var value = path.S("path");
        switch (pathType)
        {
            case "Exact" or "Prefix":
                if (!value.StartsWith('/')) causes.Add(Causes.Invalid($"{at}.path", value, "must be an absolute path"));
                if (value.Length > 0)
                {
                    var bad = BadSequences.FirstOrDefault(s => value.Contains(s, StringComparison.Ordinal))
                        ?? BadSuffixes.FirstOrDefault(s => value.EndsWith(s, StringComparison.Ordinal));
                    if (bad is not null) causes.Add(Causes.Invalid($"{at}.path", value, $"must not contain '{bad}'"));
                }
                break;
            case "ImplementationSpecific":
                if (value.Length > 0 && !value.StartsWith('/')) causes.Add(Causes.Invalid($"{at}.path", value, "must be an absolute path"));
                break;
            default:
                causes.Add(Causes.NotSupported($"{at}.pathType", pathType, PathTypes));
                break;
        }
        causes.AddRange(Backend(path.Obj("backend"), $"{at}.backend"));
        return causes;
    }

    private static IEnumerable<FieldCause> Backend(JsonObject? backend, string at)
    {
        var service = backend.Obj("service");
        var resource = backend.Obj("resource");
        if (service is not null && resource is not null) return [Causes.Invalid(at, "", "cannot set both resource and service backends")];
        if (resource is not null)
        {
            var causes = new List<FieldCause>();
            if (resource.S("kind").Length == 0) causes.Add(Causes.Required($"{at}.resource.kind"));
            if (resource.S("name").Length == 0) causes.Add(Causes.Required($"{at}.resource.name"));
            return causes;
        }
        if (service is null) return [Causes.Invalid(at, "", "resource or service backend is required")];

        var result = new List<FieldCause>();
        var name = service.S("name");
        if (name.Length == 0) result.Add(Causes.Required($"{at}.service.name"));
        else result.AddRange(Causes.Each($"{at}.service.name", name, NameRules.IsDNS1035Label(name)));
        var portName = service.Obj("port").S("name");
        var portNumber = service.Obj("port").Num("number") ?? 0;
        if (portName.Length > 0 && portNumber != 0) result.Add(Causes.Invalid(at, "", "cannot set both port name & port number"));
        else if (portName.Length > 0) result.AddRange(Causes.Each($"{at}.service.port.name", portName, NameRules.IsValidPortName(portName)));
        else if (portNumber != 0) result.AddRange(NameRules.IsValidPortNum((long)portNumber).Select(m => Causes.Invalid($"{at}.service.port.number", portNumber, m)));
        else result.Add(Causes.Required(at, "port name or number is required"));
        return result;
    }
}
