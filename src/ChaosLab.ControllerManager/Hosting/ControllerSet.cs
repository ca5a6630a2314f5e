using ChaosLab.ControllerManager.ClusterRoleAggregation;
using ChaosLab.ControllerManager.CronJobs;
using ChaosLab.ControllerManager.DaemonSets;
using ChaosLab.ControllerManager.Deployments;
using ChaosLab.ControllerManager.Disruption;
using ChaosLab.ControllerManager.EndpointSlices;
using ChaosLab.ControllerManager.GarbageCollector;
using ChaosLab.ControllerManager.Jobs;
using ChaosLab.ControllerManager.Namespaces;
using ChaosLab.ControllerManager.NodeIpam;
using ChaosLab.ControllerManager.NodeLifecycle;
using ChaosLab.ControllerManager.ReplicaSets;
using ChaosLab.ControllerManager.ReplicationControllers;
using ChaosLab.ControllerManager.RootCaCertPublisher;
using ChaosLab.ControllerManager.ServiceAccounts;
using ChaosLab.ControllerManager.StatefulSets;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.Hosting;

/// <summary>
/// The controllers one leadership term runs. They are built fresh each term (new informers, empty
/// expectations and heartbeat tables), as after a process restart, and all stop together.
/// </summary>
internal sealed class ControllerSet : IAsyncDisposable
{
    private readonly List<IController> _controllers = [];
    private readonly ControllerContext _context;
    private readonly ILogger _logger;

    public ControllerSet(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("controller-manager");
        var options = context.Options;
        Add("replicaset", () => new ReplicaSetController(context));
        Add("deployment", () => new DeploymentController(context));
        Add("job", () => new JobController(context));
        Add("cronjob", () => new CronJobController(context));
        Add("daemonset", () => new DaemonSetController(context));
        Add("statefulset", () => new StatefulSetController(context));
        Add("replicationcontroller", () => new ReplicationControllerController(context));
        Add("nodelifecycle", () => new NodeLifecycleController(context));
        Add("nodelifecycle", () => new NoScheduleTaintController(context));
        Add("taint-eviction-controller", () => new TaintEvictionController(context));
        if (options.AllocateNodeCidrs)
        {
            Add("nodeipam", () => new NodeIpamController(context));
        }
        Add("endpoint", () => new Endpoints.EndpointsController(context));
        Add("endpointslice", () => new EndpointSliceController(context));
        Add("namespace", () => new NamespaceController(context));
        Add("garbagecollector", () => new GarbageCollectorController(context));
        Add("serviceaccount", () => new ServiceAccountsController(context));
        Add("clusterrole-aggregation", () => new ClusterRoleAggregationController(context));
        Add("disruption", () => new DisruptionController(context));
        Add("resourcequota", () => new ResourceQuota.ResourceQuotaController(context));
        Add("persistentvolume-binder", () => new PersistentVolumes.PersistentVolumeBinderController(context));
        if (context.RootCaBundle is { } caPem)
        {
            Add("root-ca-cert-publisher", () => new RootCaCertPublisherController(context, caPem));
        }
        else if (options.IsEnabled("root-ca-cert-publisher"))
        {
            _logger.LogWarning("not starting root-ca-cert-publisher: no CA known (neither --root-ca-file nor a certificate authority in the kubeconfig)");
        }
    }

    public IReadOnlyList<string> Names => [.. _controllers.Select(c => c.Name)];

    /// <summary>Starts the informers the controllers asked for and runs every controller until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var informers = _context.Informers.Start(ct);
        var runs = _controllers.Select(c => RunOneAsync(c, ct)).ToList();
        await Task.WhenAll(runs);
        try
        {
            await informers;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var controller in _controllers.OfType<IDisposable>())
        {
            controller.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private void Add(string name, Func<IController> create)
    {
        if (_context.Options.IsEnabled(name))
        {
            _controllers.Add(create());
        }
    }

    private async Task RunOneAsync(IController controller, CancellationToken ct)
    {
        try
        {
            _logger.LogInformation("starting controller {Controller}", controller.Name);
            await controller.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // One broken controller must not take the others down; it is logged loudly instead.
            _logger.LogError(ex, "controller {Controller} stopped with an error", controller.Name);
        }
    }
}
