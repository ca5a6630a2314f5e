using k8s.Models;

namespace ChaosLab.Client.LeaderElection;

/// <summary>
/// The three coordination.k8s.io/v1 Lease calls leader election needs, behind a seam that tests fake.
/// </summary>
public interface ILeaseClient
{
    /// <summary>The lease, or null if it does not exist.</summary>
    Task<V1Lease?> GetAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>Creates the lease; throws <see cref="LeaseConflictException"/> if it already exists.</summary>
    Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the lease, guarded by its metadata.resourceVersion; throws <see cref="LeaseConflictException"/>
    /// if the stored lease has changed since.
    /// </summary>
    Task<V1Lease> UpdateAsync(V1Lease lease, CancellationToken cancellationToken);
}
