using ChaosLab.TestSupport;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.Lab.Tests.Support;

/// <summary>Runs the real `chaoslab` CLI (built next to the tests) as a child process.</summary>
public static class ChaosLabCli
{
    public static string Dll => Path.Combine(TestContext.CurrentContext.TestDirectory, "chaoslab.dll");

    public static Command Command(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        CliWrap.Cli.Wrap("dotnet")
            .WithArguments([Dll, .. args])
            .WithWorkingDirectory(TestPaths.RepositoryRoot)
            .WithEnvironmentVariables(env =>
            {
                env.Set("NO_COLOR", "1");
                foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
                {
                    env.Set(key, value);
                }
            })
            .WithValidation(CommandResultValidation.None);

    /// <summary>Runs the CLI with the lab bound to this test process, so a crashed test run leaves nothing the reaper keeps.</summary>
    public static async Task<BufferedCommandResult> RunAsync(params string[] args)
    {
        var result = await Command(args, new Dictionary<string, string?> { [ChaosLab.Lab.Lifecycle.UpOptions.OwnerPidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .ExecuteBufferedAsync();
        TestContext.Progress.WriteLine($"$ chaoslab {string.Join(' ', args)} → exit {result.ExitCode}");
        return result;
    }
}
