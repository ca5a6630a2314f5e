using System.Globalization;
using System.Text;
using k8s.Models;

namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// A container's environment as upstream's kubelet builds it (makeEnvironmentVariables): envFrom first (ConfigMaps and
/// Secrets, with their prefix), then env in order, a later variable replacing an earlier one; an env value's `$(VAR)`
/// references expand against what is defined above it and the service variables; service variables (the pod's
/// namespace's services and the API server's "kubernetes" service) and the lab's own POD_* variables fill in only
/// what the container does not set.
/// </summary>
public static class ContainerEnvironment
{
    /// <exception cref="ContainerConfigException">A referenced ConfigMap, Secret or key is missing (and not optional), or could not be read.</exception>
    public static async Task<Dictionary<string, string>> BuildAsync(V1Pod pod, V1Container container, DownwardApi.PodRuntimeFields fields,
        IEnumerable<V1Service> services, IReferencedObjects objects, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(objects);
        var defaults = Defaults(pod, container, fields, services);
        var sources = new Sources(pod.Metadata.NamespaceProperty, objects);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var from in container.EnvFrom ?? [])
        {
            if (from.ConfigMapRef is { } cmRef)
            {
                if (await sources.ConfigMapAsync(cmRef.Name, cmRef.Optional == true, ct) is { } configMap)
                {
                    foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
                    {
                        env[from.Prefix + key] = value;
                    }
                }
            }
            else if (from.SecretRef is { } secretRef)
            {
                if (await sources.SecretAsync(secretRef.Name, secretRef.Optional == true, ct) is { } secret)
                {
                    foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>())
                    {
                        env[from.Prefix + key] = Encoding.UTF8.GetString(value);
                    }
                }
            }
        }

        var lookup = VariableExpansion.From(env, defaults);
        foreach (var variable in container.Env ?? [])
        {
            if (!string.IsNullOrEmpty(variable.Value))
            {
                env[variable.Name] = VariableExpansion.Expand(variable.Value, lookup);
            }
            else if (variable.ValueFrom is { } from)
            {
                if (await ValueFromAsync(pod, container, from, fields, sources, ct) is { } value)
                {
                    env[variable.Name] = value;
                }
            }
            else
            {
                env[variable.Name] = "";
            }
        }

        foreach (var (name, value) in defaults)
        {
            env.TryAdd(name, value);
        }
        return env;
    }

    /// <summary>A valueFrom's value; null for an optional reference to what is not there (the variable is left out).</summary>
    private static async Task<string?> ValueFromAsync(V1Pod pod, V1Container container, V1EnvVarSource from, DownwardApi.PodRuntimeFields fields,
        Sources sources, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        if (from.FieldRef is { } fieldRef)
        {
            return DownwardApi.FieldValue(pod, fieldRef.FieldPath, fields) ?? throw new ContainerConfigException($"unsupported fieldPath: {fieldRef.FieldPath}");
        }
        if (from.ResourceFieldRef is { } resourceRef)
        {
            var target = string.IsNullOrEmpty(resourceRef.ContainerName) ? container : pod.Spec.Containers.FirstOrDefault(c => c.Name == resourceRef.ContainerName)
                ?? throw new ContainerConfigException($"container {resourceRef.ContainerName} not found");
            return DownwardApi.ResourceValue(target, resourceRef) ?? throw new ContainerConfigException($"unsupported container resource : {resourceRef.Resource}");
        }
        if (from.ConfigMapKeyRef is { } cmKey)
        {
            var optional = cmKey.Optional == true;
            if (await sources.ConfigMapAsync(cmKey.Name, optional, ct) is not { } configMap)
            {
                return null;
            }
            if (configMap.Data?.TryGetValue(cmKey.Key, out var value) == true)
            {
                return value;
            }
            return optional ? null : throw new ContainerConfigException($"couldn't find key {cmKey.Key} in ConfigMap {ns}/{cmKey.Name}");
        }
        if (from.SecretKeyRef is { } secretKey)
        {
            var optional = secretKey.Optional == true;
            if (await sources.SecretAsync(secretKey.Name, optional, ct) is not { } secret)
            {
                return null;
            }
            if (secret.Data?.TryGetValue(secretKey.Key, out var bytes) == true)
            {
                return Encoding.UTF8.GetString(bytes);
            }
            return optional ? null : throw new ContainerConfigException($"couldn't find key {secretKey.Key} in Secret {ns}/{secretKey.Name}");
        }
        if (from.FileKeyRef is not null)
        {
            throw new ContainerConfigException("env valueFrom.fileKeyRef is not supported by this kubelet");
        }
        return "";
    }

    /// <summary>The variables a container gets unless it sets them itself: its services' variables, and the lab's POD_* set.</summary>
    private static Dictionary<string, string> Defaults(V1Pod pod, V1Container container, DownwardApi.PodRuntimeFields fields, IEnumerable<V1Service> services)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var svc in ServicesForPod(pod, services))
        {
            AddServiceVariables(env, svc);
        }
        env["POD_NAME"] = pod.Metadata.Name;
        env["POD_NAMESPACE"] = pod.Metadata.NamespaceProperty;
        env["POD_IP"] = fields.PodIp;
        env["NODE_NAME"] = fields.NodeName;
        env["HOSTNAME"] = pod.Metadata.Name;
        if (container.Ports?.FirstOrDefault() is { } port)
        {
            env["PORT"] = port.ContainerPort.ToString(CultureInfo.InvariantCulture);
        }
        return env;
    }

    /// <summary>
    /// Upstream's getServiceEnvVarMap: the API server's own "kubernetes" service of the default namespace always (even
    /// with enableServiceLinks false, so in-cluster clients find it), and with service links the pod's namespace's
    /// services, one of which of the same name wins over it.
    /// </summary>
    private static IEnumerable<V1Service> ServicesForPod(V1Pod pod, IEnumerable<V1Service> services)
    {
        var byName = new Dictionary<string, V1Service>(StringComparer.Ordinal);
        foreach (var svc in services.Where(s => s.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None"))
        {
            if (svc.Metadata.NamespaceProperty == "default" && svc.Metadata.Name == "kubernetes")
            {
                byName.TryAdd(svc.Metadata.Name, svc);
            }
            else if (svc.Metadata.NamespaceProperty == pod.Metadata.NamespaceProperty && pod.Spec.EnableServiceLinks != false)
            {
                byName[svc.Metadata.Name] = svc;
            }
        }
        return byName.Values;
    }

    /// <summary>Upstream's envvars.FromServices: FOO_SERVICE_HOST/PORT, named ports, and Docker's link variables for each port.</summary>
    private static void AddServiceVariables(Dictionary<string, string> env, V1Service svc)
    {
        var prefix = svc.Metadata.Name.ToUpperInvariant().Replace('-', '_');
        var ports = svc.Spec.Ports ?? [];
        if (ports.Count == 0)
        {
            return;
        }
        var ip = svc.Spec.ClusterIP;
        // Go's net.JoinHostPort: an IPv6 address in brackets.
        var host = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
        env[$"{prefix}_SERVICE_HOST"] = ip;
        env[$"{prefix}_SERVICE_PORT"] = ports[0].Port.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < ports.Count; i++)
        {
            var proto = (ports[i].Protocol is { Length: > 0 } given ? given : "TCP").ToLowerInvariant();
            var port = ports[i].Port.ToString(CultureInfo.InvariantCulture);
            if (ports[i].Name is { Length: > 0 } name)
            {
                env[$"{prefix}_SERVICE_PORT_{name.ToUpperInvariant().Replace('-', '_')}"] = port;
            }
            var portPrefix = $"{prefix}_PORT_{port}_{proto.ToUpperInvariant()}";
            env[portPrefix] = $"{proto}://{host}:{port}";
            env[$"{portPrefix}_PROTO"] = proto;
            env[$"{portPrefix}_PORT"] = port;
            env[$"{portPrefix}_ADDR"] = ip;
            if (i == 0)
            {
                // Docker's special case for the first port.
                env[$"{prefix}_PORT"] = env[portPrefix];
            }
        }
    }

    /// <summary>
    /// Each ConfigMap and Secret read once per container, as upstream does; an optional one that is not there is null
    /// (and not remembered, so that a later reference that is not optional fails on it).
    /// </summary>
    private sealed class Sources(string ns, IReferencedObjects objects)
    {
        private readonly Dictionary<string, V1ConfigMap> _configMaps = [];
        private readonly Dictionary<string, V1Secret> _secrets = [];

        public async Task<V1ConfigMap?> ConfigMapAsync(string name, bool optional, CancellationToken ct)
        {
            if (_configMaps.TryGetValue(name, out var known))
            {
                return known;
            }
            var configMap = await ReadOptionalAsync(() => objects.GetConfigMapAsync(ns, name, ct), optional);
            if (configMap is not null)
            {
                _configMaps[name] = configMap;
            }
            return configMap;
        }

        public async Task<V1Secret?> SecretAsync(string name, bool optional, CancellationToken ct)
        {
            if (_secrets.TryGetValue(name, out var known))
            {
                return known;
            }
            var secret = await ReadOptionalAsync(() => objects.GetSecretAsync(ns, name, ct), optional);
            if (secret is not null)
            {
                _secrets[name] = secret;
            }
            return secret;
        }

        private static Task<T?> ReadOptionalAsync<T>(Func<Task<T>> read, bool optional)
            where T : class => ReferencedObjectRead.OptionalAsync(read, optional, ex => new ContainerConfigException(ex.Message, ex));
    }
}
