using System.Globalization;
using ChaosLab.Client.LeaderElection;
using k8s;
using k8s.Models;

namespace ChaosLab.Client.Tests.LeaderElection;

/// <summary>
/// One Lease held in memory with the API server's optimistic concurrency: create fails if it exists,
/// update fails unless metadata.resourceVersion matches. Every read and write copies, as the wire would.
/// </summary>
internal sealed class FakeLeaseServer
{
    private readonly Lock _gate = new();
    private V1Lease? _stored;
    private long _revision;

    public int Conflicts { get; private set; }

    /// <summary>Runs just before an update is checked, to inject a concurrent writer.</summary>
    public Action<V1Lease>? BeforeUpdate { get; set; }

    public V1Lease? Current
    {
        get
        {
            lock (_gate)
            {
                return Copy(_stored);
            }
        }
    }

    public LeaderElectionRecord? Record => Current is { } lease ? LeaderElectionRecord.FromSpec(lease.Spec) : null;

    public FakeLeaseClient ClientFor(string candidate) => new(this, candidate);

    public V1Lease? Get()
    {
        lock (_gate)
        {
            return Copy(_stored);
        }
    }

    public V1Lease Create(V1Lease lease)
    {
        lock (_gate)
        {
            if (_stored is not null)
            {
                Conflicts++;
                throw new LeaseConflictException("already exists");
            }
            _stored = Stamp(lease);
            return Copy(_stored)!;
        }
    }

    public V1Lease Update(V1Lease lease)
    {
        BeforeUpdate?.Invoke(lease);
        lock (_gate)
        {
            if (_stored is null || _stored.Metadata.ResourceVersion != lease.Metadata.ResourceVersion)
            {
                Conflicts++;
                throw new LeaseConflictException("the object has been modified");
            }
            _stored = Stamp(lease);
            return Copy(_stored)!;
        }
    }

    /// <summary>Writes the lease as another party would, bypassing any candidate.</summary>
    public void Put(LeaderElectionRecord record)
    {
        lock (_gate)
        {
            _stored = Stamp(new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = "lock", NamespaceProperty = "kube-system" },
                Spec = record.ToSpec(),
            });
        }
    }

    private V1Lease Stamp(V1Lease lease)
    {
        var copy = Copy(lease)!;
        copy.Metadata.ResourceVersion = (++_revision).ToString(CultureInfo.InvariantCulture);
        return copy;
    }

    private static V1Lease? Copy(V1Lease? lease) =>
        lease is null ? null : KubernetesJson.Deserialize<V1Lease>(KubernetesJson.Serialize(lease));
}

/// <summary>One candidate's connection to the <see cref="FakeLeaseServer"/>; <see cref="Partitioned"/> cuts it off.</summary>
internal sealed class FakeLeaseClient(FakeLeaseServer server, string candidate) : ILeaseClient
{
    public string Candidate { get; } = candidate;

    public volatile bool Partitioned;

    public Task<V1Lease?> GetAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        Call(server.Get);

    public Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken) =>
        Call(() => server.Create(lease));

    public Task<V1Lease> UpdateAsync(V1Lease lease, CancellationToken cancellationToken) =>
        Call(() => server.Update(lease));

    private async Task<T> Call<T>(Func<T> operation)
    {
        await Task.Yield();
        if (Partitioned)
        {
            throw new HttpRequestException($"{Candidate}: connection refused (partitioned)");
        }
        return operation();
    }
}
