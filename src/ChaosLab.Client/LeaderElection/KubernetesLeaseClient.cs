using k8s;
using k8s.Models;

namespace ChaosLab.Client.LeaderElection;

/// <summary><see cref="ILeaseClient"/> over the API server's coordination.k8s.io/v1 endpoints.</summary>
public sealed class KubernetesLeaseClient(IKubernetes client) : ILeaseClient
{
    public async Task<V1Lease?> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(name, @namespace, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return null;
        }
    }

    public async Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await client.CoordinationV1.CreateNamespacedLeaseAsync(lease, lease.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex))
        {
            throw new LeaseConflictException($"lease {lease.Metadata.NamespaceProperty}/{lease.Metadata.Name} already exists", ex);
        }
    }

    public async Task<V1Lease> UpdateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await client.CoordinationV1.ReplaceNamespacedLeaseAsync(
                lease, lease.Metadata.Name, lease.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex))
        {
            throw new LeaseConflictException($"lease {lease.Metadata.NamespaceProperty}/{lease.Metadata.Name} was modified concurrently", ex);
        }
    }
}
