using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab.Mutants;

/// <summary>Every mutant the bundled components can run as. The names are the components' own <c>--mutant</c> values.</summary>
public static class MutantCatalog
{
    public const string EtcdSlowElection = "etcd-slow-election";
    public const string ApiServerEarlyAck = "apiserver-early-ack";
    public const string ApiServerStaleReads = "apiserver-stale-reads";
    public const string NodeMonitorBlind = "node-monitor-blind";
    public const string EndpointsLag = "endpoints-lag";
    public const string SchedulerWithoutLease = "scheduler-without-lease";
    public const string ProxyKeepsUnready = "proxy-keeps-unready";
    public const string KubeletLeaseStops = "kubelet-lease-stops";

    /// <summary>How much longer than the profile's the etcd-slow-election mutant makes the election timeout.</summary>
    public const int ElectionTimeoutFactor = 10;

    public static IReadOnlyList<Mutant> All { get; } =
    [
        new(EtcdSlowElection, ComponentNames.Etcd,
            $"every member runs with {ElectionTimeoutFactor} times the profile's election timeout, so a lost leader is replaced that much later",
            "a misconfigured or copied-over election timeout (e.g. tuned for a WAN and left in place), the etcd tuning mistake behind slow failovers in postmortems",
            "features/etcd/etcd-member-faults.feature", "Killing the leader costs one election and writes resume"),
        new(ApiServerEarlyAck, ComponentNames.ApiServer,
            "acknowledges ConfigMap writes at once and commits them to etcd a second later in the background, dropping any that fail",
            "storage that acknowledges from a write-back buffer before the consensus commit and loses acknowledged writes on failover or conflict (Jepsen's findings for MongoDB's w:1 and Redis failover)",
            "features/etcd/etcd-member-faults.feature", "Killing a follower does not interrupt writes"),
        new(ApiServerStaleReads, ComponentNames.ApiServer,
            "answers GETs of a ConfigMap from a per-server memo kept for 5 s instead of a quorum read of etcd",
            "reads served from the API server's watch cache behind etcd (kubernetes/kubernetes#59848, the stale reads KEP-2340 'consistent reads from cache' fixed)",
            "features/etcd/etcd-member-faults.feature", "Killing a follower does not interrupt writes"),
        new(NodeMonitorBlind, ComponentNames.ControllerManager,
            "the node lifecycle controller never marks a node whose heartbeats stopped Unknown or NotReady, so its pods are never replaced",
            "a node monitor that misreads heartbeats (e.g. compares against the wrong clock or ignores the Lease), the class of kubernetes/kubernetes node-lifecycle bugs that left dead nodes Ready",
            "features/nodes/worker-pause.feature", "A worker paused and resumed goes not Ready then Ready again"),
        new(EndpointsLag, ComponentNames.ControllerManager,
            "the endpoints and EndpointSlice controllers act on every change 30 s late",
            "an overloaded or rate-limited endpoints controller (kubernetes/kubernetes issues on slow EndpointSlice updates under churn), so traffic goes to pods long gone",
            "features/networking/service-load-balancing.feature", "An unready pod leaves the endpoints and comes back when ready"),
        new(SchedulerWithoutLease, ComponentNames.Scheduler,
            "every scheduler schedules from the start, whether or not it holds the kube-scheduler Lease (two or three active at once)",
            "leader election that does not gate the work (a split brain after a lost Lease, as in the client-go leader-election issues about two active leaders)",
            "features/control-plane/leader-failover.feature", "Only the scheduler holding the Lease binds pods"),
        new(ProxyKeepsUnready, ComponentNames.KubeProxy,
            "programs every endpoint of a Service, ready or not, so requests reach pods that fail their readiness probe",
            "a proxy that ignores the ready condition of endpoints (kube-proxy bugs around terminating and not-ready endpoints, e.g. the ProxyTerminatingEndpoints regressions)",
            "features/networking/service-load-balancing.feature", "An unready pod leaves the endpoints and comes back when ready"),
        new(KubeletLeaseStops, ComponentNames.Kubelet,
            "keeps posting a Ready node status but never renews its node Lease in kube-node-lease",
            "a kubelet whose Lease heartbeat dies while status updates go on (kubernetes/kubernetes issues on node leases not renewed after API errors), which hides a node from Lease-based health checks",
            "features/cluster/cluster-comes-up-healthy.feature", "The default cluster is healthy and accepts writes"),
    ];

    public static IReadOnlyList<string> Names => All.Select(m => m.Name).ToList();

    public static Mutant? Find(string name) => All.FirstOrDefault(m => m.Name == name);
}
