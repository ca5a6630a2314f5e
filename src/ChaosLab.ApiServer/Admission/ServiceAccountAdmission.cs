using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Admission;

/// <summary>
/// Upstream's ServiceAccount admission plugin for new pods: spec.serviceAccountName defaults to "default" and must name
/// a ServiceAccount of the pod's namespace (403 otherwise; the default one is looked for a few times, since the
/// controller manager creates it just after its namespace). Unless the pod or else its ServiceAccount sets
/// automountServiceAccountToken false, every container that mounts nothing at
/// /var/run/secrets/kubernetes.io/serviceaccount gets the projected volume kube-api-access-XXXXX there, read-only: a
/// bound token (3607 s, refreshed by the kubelet), the cluster CA from kube-root-ca.crt, and the namespace.
/// </summary>
/// <param name="mountTokens">False when the API server issues no tokens (no signing key): the volume is left out.</param>
public sealed class ServiceAccountAdmission(StoredObjectReader read, bool mountTokens = true, TimeSpan? retryInterval = null) : IAdmissionPlugin
{
    public const string DefaultServiceAccount = "default";
    public const string TokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    public const string VolumeNamePrefix = "kube-api-access-";
    public const long TokenExpirationSeconds = 3607;
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int DefaultAccountAttempts = 10;

    private static readonly ResourceType ServiceAccounts = ResourceCatalog.Find("", "v1", "serviceaccounts")!;
    private readonly TimeSpan _retryInterval = retryInterval ?? TimeSpan.FromMilliseconds(100 + Random.Shared.Next(100));

    public async Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Type.Kind != "Pod" || attributes.Type.Group.Length != 0 || attributes.Subresource is not null
            || attributes.Operation != AdmissionOperation.Create || attributes.Object?["spec"] is not JsonObject spec)
        {
            return;
        }
        if ((string?)spec["serviceAccountName"] is not { Length: > 0 } name)
        {
            name = DefaultServiceAccount;
            spec["serviceAccountName"] = name;
        }
        var ns = attributes.Namespace ?? "";
        var account = await FindAsync(ns, name, ct) ?? throw new ApiException(403, "Forbidden",
            $"pods \"{PodName(attributes)}\" is forbidden: error looking up service account {ns}/{name}: serviceaccount \"{name}\" not found");
        var automount = (bool?)spec["automountServiceAccountToken"] ?? (bool?)account["automountServiceAccountToken"] ?? true;
        if (automount && mountTokens)
        {
            MountToken(spec);
        }
    }

    /// <summary>Adds the kube-api-access volume (or reuses one the pod has) and mounts it in every container lacking the mount path.</summary>
    public static void MountToken(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var volumes = spec["volumes"] as JsonArray;
        var existing = volumes?.OfType<JsonObject>().Select(v => (string?)v["name"]).FirstOrDefault(n => n?.StartsWith(VolumeNamePrefix, StringComparison.Ordinal) == true);
        var volumeName = existing ?? VolumeNamePrefix + RandomNumberGenerator.GetString(NameAlphabet, 5);
        var needed = false;
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in (spec[list] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (container["volumeMounts"] is not JsonArray mounts)
                {
                    mounts = [];
                    container["volumeMounts"] = mounts;
                }
                if (mounts.OfType<JsonObject>().Any(m => (string?)m["mountPath"] == TokenMountPath))
                {
                    continue;
                }
                mounts.Add(new JsonObject { ["name"] = volumeName, ["readOnly"] = true, ["mountPath"] = TokenMountPath });
                needed = true;
            }
        }
        if (existing is null && needed)
        {
            if (volumes is null)
            {
                volumes = [];
                spec["volumes"] = volumes;
            }
            volumes.Add(TokenVolume(volumeName));
        }
    }

    private static JsonObject TokenVolume(string name) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["sources"] = new JsonArray(
                new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = TokenExpirationSeconds, ["path"] = "token" } },
                new JsonObject
                {
                    ["configMap"] = new JsonObject
                    {
                        ["name"] = "kube-root-ca.crt",
                        ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                    },
                },
                new JsonObject
                {
                    ["downwardAPI"] = new JsonObject
                    {
                        ["items"] = new JsonArray(new JsonObject
                        {
                            ["path"] = "namespace",
                            ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                        }),
                    },
                }),
            ["defaultMode"] = 420,
        },
    };

    private async Task<JsonObject?> FindAsync(string ns, string name, CancellationToken ct)
    {
        var attempts = name == DefaultServiceAccount ? DefaultAccountAttempts : 1;
        for (var i = 0; i < attempts; i++)
        {
            if (i > 0)
            {
                await Task.Delay(_retryInterval, ct);
            }
            if (await read(ServiceAccounts, ns, name, ct) is { } account)
            {
                return account;
            }
        }
        return null;
    }

    private static string PodName(AdmissionAttributes attributes) =>
        attributes.Name is { Length: > 0 } name ? name : (string?)attributes.Object?["metadata"]?["generateName"] ?? "";
}
