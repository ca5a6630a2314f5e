using System.Runtime.InteropServices;

namespace ChaosLab.Workloads.Signals;

/// <summary>kill(2) to one PID: .NET's Process can only SIGKILL, and a shell child must get SIGTERM to stop gracefully.</summary>
internal static partial class ProcessSignals
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends the signal; false when the process is already gone.</summary>
    public static bool TrySend(int pid, int signal) => Kill(pid, signal) == 0;

    public static int ToNumber(PosixSignal signal) => signal == PosixSignal.SIGINT ? SigInt : SigTerm;
}
