using System.Text;
using ChaosLab.ApiServer.Storage;

namespace ChaosLab.ApiServer.Operations;

/// <summary>/livez and /readyz: ready means etcd answers a quorum read and the server is not shutting down.</summary>
public sealed class Readiness(EtcdStore store)
{
    private volatile bool _shuttingDown;

    public void MarkShuttingDown() => _shuttingDown = true;

    public async Task<(bool Ready, string Body)> CheckAsync(string? only, bool verbose, CancellationToken ct)
    {
        var checks = new List<(string Name, bool Ok, string? Why)> { ("ping", true, null) };
        if (only is null or "etcd")
        {
            try
            {
                await store.CheckHealthAsync(ct);
                checks.Add(("etcd", true, null));
            }
            catch (StorageException ex)
            {
                checks.Add(("etcd", false, ex.Message));
            }
        }
        if (only is null or "shutdown")
        {
            checks.Add(("shutdown", !_shuttingDown, _shuttingDown ? "process is shutting down" : null));
        }
        var ready = checks.All(c => c.Ok);
        if (ready && !verbose)
        {
            return (true, "ok");
        }
        var body = new StringBuilder();
        foreach (var (name, ok, why) in checks)
        {
            body.Append(ok ? $"[+]{name} ok\n" : $"[-]{name} failed: {why}\n");
        }
        body.Append(ready ? "readyz check passed\n" : "readyz check failed\n");
        return (ready, body.ToString());
    }
}
