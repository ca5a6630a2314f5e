using ChaosLab.Network.Cni;

// A CNI plugin: parameters in CNI_* variables, the network config on stdin, the result (or the spec's
// error result) on stdout, one log line on stderr. Everything else is CniPlugin's.
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PATH")))
{
    // The plugin runs iproute2, iptables and nsenter; a runtime that passes no PATH still finds them.
    Environment.SetEnvironmentVariable("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
}

var environment = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (var name in CniInvocation.Variables)
{
    if (Environment.GetEnvironmentVariable(name) is { } value)
    {
        environment[name] = value;
    }
}

string stdin;
try
{
    // A person running VERSION at a terminal gives no stdin; a runtime always pipes the config.
    stdin = Console.IsInputRedirected ? await new StreamReader(Console.OpenStandardInput()).ReadToEndAsync() : "";
}
catch (IOException ex)
{
    return await WriteAsync(CniPlugin.Error(CniErrorCodes.IoFailure, "cannot read the network config from stdin", ex.Message));
}

return await WriteAsync(await new CniPlugin().RunAsync(environment, stdin));

static async Task<int> WriteAsync(CniOutcome outcome)
{
    await Console.Out.WriteAsync(outcome.Stdout);
    if (outcome.Log.Length > 0)
    {
        await Console.Error.WriteLineAsync(outcome.Log);
    }
    return outcome.ExitCode;
}
