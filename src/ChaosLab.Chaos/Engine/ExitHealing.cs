using System.Runtime.InteropServices;

namespace ChaosLab.Chaos.Engine;

/// <summary>
/// Heals the faults of every live engine when the process exits normally, on Ctrl-C and on SIGTERM.
/// A crash (SIGKILL) leaves the state file behind for the sweeper of the next run.
/// </summary>
internal static class ExitHealing
{
    private static readonly Lock Gate = new();
    private static readonly List<ChaosEngine> Engines = [];
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static bool _hooked;

    public static void Register(ChaosEngine engine)
    {
        lock (Gate)
        {
            Engines.Add(engine);
            if (_hooked)
            {
                return;
            }
            _hooked = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => HealEverything();
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            {
                Registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    Console.Error.WriteLine($"chaoslab: {context.Signal}: healing active faults before exit");
                    HealEverything();
                }));
            }
        }
    }

    public static void Unregister(ChaosEngine engine)
    {
        lock (Gate)
        {
            Engines.Remove(engine);
        }
    }

    private static void HealEverything()
    {
        ChaosEngine[] engines;
        lock (Gate)
        {
            engines = [.. Engines];
        }
        foreach (var engine in engines)
        {
            if (engine.Active.Count == 0)
            {
                continue;
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                foreach (var error in engine.HealAllAsync(timeout.Token).GetAwaiter().GetResult())
                {
                    Console.Error.WriteLine($"chaoslab: {error}");
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChaosException)
            {
                Console.Error.WriteLine($"chaoslab: healing at exit did not finish ({ex.Message}); run `chaoslab chaos heal`");
            }
        }
    }
}
