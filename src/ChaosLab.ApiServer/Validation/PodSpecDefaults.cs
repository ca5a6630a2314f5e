using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Validation;

/// <summary>Upstream core/v1 defaults of a PodSpec, shared by Pods and the pod templates of workloads.</summary>
internal static class PodSpecDefaults
{
    private const int DefaultFileMode = 420; // 0644

    /// <summary>
    /// Defaults every PodSpec gets. Pod-only defaults (enableServiceLinks, requests from limits, the "default"
    /// service account) are applied by the Pod strategy, as upstream keeps them out of templates.
    /// </summary>
    public static void Apply(JsonObject spec)
    {
        spec.SetDefault("dnsPolicy", "ClusterFirst");
        spec.SetDefault("restartPolicy", "Always");
        spec.SetDefault("securityContext", new JsonObject());
        spec.SetDefault("terminationGracePeriodSeconds", 30);
        spec.SetDefault("schedulerName", "default-scheduler");
        // v1 keeps the deprecated serviceAccount field as a mirror of serviceAccountName.
        if (spec.S("serviceAccountName").Length == 0 && spec.S("serviceAccount").Length > 0) spec["serviceAccountName"] = spec.S("serviceAccount");
        if (spec.S("serviceAccountName").Length > 0) spec["serviceAccount"] = spec.S("serviceAccountName");

        foreach (var list in (string[])["containers", "initContainers"])
        {
            foreach (var (_, container) in spec.Items(list)) Container(container);
        }
        foreach (var (_, volume) in spec.Items("volumes")) Volume(volume);
    }

    private static void Container(JsonObject container)
    {
        container.SetDefault("imagePullPolicy", PullPolicyFor(container.S("image")));
        container.SetDefault("terminationMessagePath", "/dev/termination-log");
        container.SetDefault("terminationMessagePolicy", "File");
        container.SetDefault("resources", new JsonObject());
        foreach (var (_, port) in container.Items("ports")) port.SetDefault("protocol", "TCP");
        foreach (var (_, env) in container.Items("env"))
        {
            if (env.Obj("valueFrom").Obj("fieldRef") is { } fieldRef) fieldRef.SetDefault("apiVersion", "v1");
        }
        foreach (var probe in (string[])["livenessProbe", "readinessProbe", "startupProbe"])
        {
            if (container.Obj(probe) is { } p) Probe(p);
        }
    }

    private static void Probe(JsonObject probe)
    {
        probe.SetDefault("timeoutSeconds", 1);
        probe.SetDefault("periodSeconds", 10);
        probe.SetDefault("successThreshold", 1);
        probe.SetDefault("failureThreshold", 3);
        if (probe.Obj("httpGet") is { } httpGet)
        {
            httpGet.SetDefault("path", "/");
            httpGet.SetDefault("scheme", "HTTP");
        }
    }

    private static void Volume(JsonObject volume)
    {
        // A volume that names no source is an emptyDir.
        if (!volume.Any(p => p.Key != "name" && p.Value is not null)) volume["emptyDir"] = new JsonObject();
        foreach (var source in (string[])["secret", "configMap", "projected", "downwardAPI"])
        {
            volume.Obj(source)?.SetDefault("defaultMode", DefaultFileMode);
        }
        foreach (var (_, item) in volume.Obj("downwardAPI").Items("items"))
        {
            item.Obj("fieldRef")?.SetDefault("apiVersion", "v1");
        }
    }

    /// <summary>Always for ":latest" or an untagged, undigested image; IfNotPresent otherwise.</summary>
    public static string PullPolicyFor(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal)) return TagOf(image[..image.IndexOf('@', StringComparison.Ordinal)]) == "latest" ? "Always" : "IfNotPresent";
        var tag = TagOf(image);
        return tag is null or "latest" ? "Always" : "IfNotPresent";
    }

    // The tag follows the last ':' after the last '/', so a registry port ("host:5000/app") is not a tag.
    private static string? TagOf(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? reference[(colon + 1)..] : null;
    }
}
