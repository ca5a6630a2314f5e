using System.Runtime.InteropServices;

namespace ChaosLab.Node.Supervisor;

/// <summary>POSIX signals to one PID. .NET's Process can only kill; pause and resume need SIGSTOP/SIGCONT.</summary>
internal static partial class Signals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {errno}");
        }
    }
}
