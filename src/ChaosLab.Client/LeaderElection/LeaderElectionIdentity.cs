using System.Net;

namespace ChaosLab.Client.LeaderElection;

/// <summary>Holder identities in the form the Kubernetes components use: <c>&lt;hostname&gt;_&lt;uuid&gt;</c>.</summary>
public static class LeaderElectionIdentity
{
    /// <summary>
    /// A fresh identity for this process. The uuid keeps two processes on one host (or a restarted
    /// process) from mistaking each other's lease for their own.
    /// </summary>
    public static string Create() => Create(Dns.GetHostName());

    public static string Create(string hostname) => $"{hostname}_{Guid.NewGuid()}";
}
