using ChaosLab.Client;
using ChaosLab.Client.Informers;
using ChaosLab.Client.Queues;
using ChaosLab.ControllerManager.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ControllerManager.ServiceAccounts;

/// <summary>
/// Gives every active namespace the ServiceAccounts of <see cref="NamespaceServiceAccounts"/> and puts one
/// back when it is deleted. Namespace adds and updates and ServiceAccount deletions feed a queue of
/// namespace names.
/// </summary>
internal sealed class ServiceAccountsController : IController, IDisposable
{
    private readonly ControllerContext _context;
    private readonly Informer<V1Namespace, V1NamespaceList> _namespaces;
    private readonly Informer<V1ServiceAccount, V1ServiceAccountList> _serviceAccounts;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;

    public ServiceAccountsController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger("serviceaccounts-controller");
        _queue = new WorkQueue(new WorkQueueOptions { Name = Name }, _logger, context.Time);
        _namespaces = context.Informers.Namespaces();
        _serviceAccounts = context.Informers.ServiceAccounts();
        _namespaces.AddEventHandler(ns => _queue.Add(ns.Metadata.Name), (_, ns) => _queue.Add(ns.Metadata.Name));
        _serviceAccounts.AddEventHandler(onDelete: sa => _queue.Add(sa.Metadata.NamespaceProperty));
    }

    public string Name => "serviceaccount";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _namespaces.WaitForSyncAsync(cancellationToken),
            _serviceAccounts.WaitForSyncAsync(cancellationToken));
        // One worker, as upstream: creating one small object per namespace needs no more.
        await QueueWorkers.RunAsync(Name, _queue, 1, SyncAsync, _context.Metrics, cancellationToken);
    }

    public void Dispose() => _queue.Dispose();

    internal async Task SyncAsync(string name, CancellationToken ct)
    {
        if (_namespaces.Cache.Get(name) is not { } ns)
        {
            return;
        }
        foreach (var account in NamespaceServiceAccounts.Missing(ns, sa => _serviceAccounts.Cache.Get(name, sa) is not null))
        {
            try
            {
                await _context.Client.CoreV1.CreateNamespacedServiceAccountAsync(account, name, cancellationToken: ct);
                _logger.LogInformation("namespace {Namespace}: created ServiceAccount {Name}", name, account.Metadata.Name);
            }
            catch (Exception ex) when (ApiErrors.IsConflict(ex) || ApiErrors.IsNamespaceTerminating(ex) || ApiErrors.IsNotFound(ex))
            {
                // Already there (our cache was behind), or the namespace is going or gone: nothing to do.
            }
        }
    }
}
