using System.Globalization;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer.Bootstrap;

/// <summary>
/// What every cluster has from the start: the system namespaces and the default/kubernetes Service,
/// whose Endpoints and EndpointSlice list the API servers that are alive. Each API server renews a
/// Lease (kube-system/kube-apiserver-IP) and rewrites the endpoints from the unexpired leases, so a
/// dead API server drops out of the kubernetes service.
/// </summary>
public sealed class SystemObjects(ResourceStore store, ServiceIpAllocator ips, string advertiseAddress, int port, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(5);
    private static readonly string[] Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private static ResourceType Type(string group, string plural) => ResourceCatalog.All.First(r => r.Group == group && r.Plural == plural);

    public async Task RunAsync(CancellationToken ct)
    {
        var bootstrapped = false;
        using var timer = new PeriodicTimer(RenewInterval);
        do
        {
            try
            {
                if (!bootstrapped)
                {
                    await EnsureNamespacesAndServiceAsync(ct);
                    bootstrapped = true;
                }
                await RenewOwnLeaseAsync(ct);
                await ReconcileEndpointsAsync(ct);
            }
            catch (ApiException ex)
            {
                logger.LogWarning("system objects not reconciled yet: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    private async Task EnsureNamespacesAndServiceAsync(CancellationToken ct)
    {
        foreach (var ns in Namespaces)
        {
            await CreateIfMissingAsync(Type("", "namespaces"), null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, ct);
        }
        await CreateIfMissingAsync(Type("", "services"), "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["namespace"] = "default", ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" } },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = ips.First.ToString(),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = port }),
                ["sessionAffinity"] = "None",
                ["type"] = "ClusterIP",
            },
        }, ct);
    }

    private async Task CreateIfMissingAsync(ResourceType type, string? ns, JsonObject obj, CancellationToken ct)
    {
        try
        {
            await store.CreateAsync(type, ns, obj, WriteOptions.Default, RequestUser.System, ct);
        }
        catch (ApiException ex) when (ex.Code == 409 || (ex.Code == 422 && ex.Message.Contains("already allocated", StringComparison.Ordinal)))
        {
        }
    }

    private async Task RenewOwnLeaseAsync(CancellationToken ct)
    {
        var leases = Type("coordination.k8s.io", "leases");
        var name = "kube-apiserver-" + advertiseAddress.Replace('.', '-').Replace(':', '-');
        var now = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var spec = new JsonObject { ["holderIdentity"] = advertiseAddress, ["leaseDurationSeconds"] = (int)LeaseDuration.TotalSeconds, ["renewTime"] = now };
        try
        {
            await store.UpdateAsync(leases, "kube-system", name, null, lease =>
            {
                lease["spec"] = spec;
                ObjectCodec.Meta(lease).Remove("resourceVersion");
                return lease;
            }, WriteOptions.Default, RequestUser.System, ct);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            await CreateIfMissingAsync(leases, "kube-system", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["apiserver.kubernetes.io/identity"] = "kube-apiserver" } },
                ["spec"] = spec,
            }, ct);
        }
    }

    private async Task ReconcileEndpointsAsync(CancellationToken ct)
    {
        var leases = await new CollectionReader(store.Etcd).ListAsync(Type("coordination.k8s.io", "leases"), "kube-system",
            new ListOptions("apiserver.kubernetes.io/identity=kube-apiserver", null, 0, null, null, null, false, false, null, null), ct);
        var now = clock.GetUtcNow();
        var live = leases["items"]!.AsArray().OfType<JsonObject>()
            .Where(l => DateTimeOffset.TryParse((string?)l["spec"]?["renewTime"], CultureInfo.InvariantCulture, out var renewed)
                        && renewed + TimeSpan.FromSeconds((int?)l["spec"]?["leaseDurationSeconds"] ?? 15) > now)
            .Select(l => (string?)l["spec"]?["holderIdentity"])
            .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        if (live.Count == 0)
        {
            return;
        }
        var addresses = new JsonArray(live.Select(ip => (JsonNode)new JsonObject { ["ip"] = ip }).ToArray());
        var endpoints = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["namespace"] = "default" },
            ["subsets"] = new JsonArray(new JsonObject
            {
                ["addresses"] = addresses,
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
            }),
        };
        await UpsertAsync(Type("", "endpoints"), endpoints, ct);
        var slice = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = "kubernetes" },
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(live.Select(ip => (JsonNode)new JsonObject
            {
                ["addresses"] = new JsonArray(ip),
                ["conditions"] = new JsonObject { ["ready"] = true },
            }).ToArray()),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        };
        await UpsertAsync(Type("discovery.k8s.io", "endpointslices"), slice, ct);
    }

    private async Task UpsertAsync(ResourceType type, JsonObject desired, CancellationToken ct)
    {
        try
        {
            await store.UpdateAsync(type, "default", "kubernetes", null, current =>
            {
                foreach (var (key, value) in desired.Where(kv => kv.Key != "metadata").ToList())
                {
                    current[key] = value?.DeepClone();
                }
                ObjectCodec.Meta(current).Remove("resourceVersion");
                return current;
            }, WriteOptions.Default, RequestUser.System, ct);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            await CreateIfMissingAsync(type, "default", desired, ct);
        }
    }
}
