using System.Runtime.InteropServices;

namespace ChaosLab.Network.Shaping;

/// <summary>
/// `chaoslab-node netdelay`: delays (and optionally drops) the packets an iptables NFQUEUE rule sends
/// to a queue, in the caller's network namespace; the kernel here has no sch_netem. Prints a ready
/// line once bound and counters when SIGTERM or SIGINT ends it. Exit codes: 0 stopped by a signal,
/// 1 the queue could not be bound or served (stderr says why), 2 invalid arguments.
/// </summary>
public static class NetDelayCommand
{
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromMilliseconds(200);

    public static async Task<int> RunAsync(string[] args)
    {
        NetDelayOptions options;
        try
        {
            options = NetDelayOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node netdelay: {ex.Message}\n{NetDelayOptions.Usage}");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        try
        {
            using var socket = NetlinkSocket.Open(ReceiveBufferBytes, ReceiveTimeout);
            var random = options.Seed is { } seed ? new Random(seed) : new Random();
            using var delayer = new PacketDelayer(socket, options.Queue, new DelayPolicy(options.Delay, options.Jitter, options.Loss, random));
            delayer.Start();
            await Console.Out.WriteLineAsync($"netdelay: {options} ready");
            await Task.Factory.StartNew(() => delayer.Run(stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            delayer.Stop();
            var overruns = socket.Overruns > 0 ? $" overruns {socket.Overruns}" : "";
            var refused = delayer.VerdictErrors > 0 ? $" refused verdicts {delayer.VerdictErrors}" : "";
            await Console.Out.WriteLineAsync($"netdelay: packets seen {delayer.Seen} delayed {delayer.Delayed} dropped {delayer.Dropped}{overruns}{refused}");
            return 0;
        }
        catch (NetlinkException ex)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node netdelay: {ex.Message}");
            return 1;
        }

        void Stop(PosixSignalContext context)
        {
            // Handled here: the counters are printed and the queue unbound rather than the process killed.
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
