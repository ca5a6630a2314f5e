namespace ChaosLab.Node.Agent;

/// <summary>
/// `chaoslab-node agent-do VERB ...`: one fault operation, run by the harness through pods/exec in the agent's
/// container. Prints what it did (for the fault timeline) on stdout. Exit codes: 0 done, 1 failed (stderr says
/// why), 2 invalid arguments.
/// </summary>
public static class AgentDoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        AgentRequest request;
        try
        {
            request = AgentRequest.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node agent-do: {ex.Message}\n{AgentRequest.Usage}");
            return 2;
        }
        var actions = AgentCommand.Create();
        try
        {
            var output = request.Verb switch
            {
                AgentVerb.Drop => await AgentActions.DropAsync(request, CancellationToken.None),
                AgentVerb.Bandwidth => await actions.BandwidthAsync(request, CancellationToken.None),
                AgentVerb.Latency => await actions.LatencyAsync(request, CancellationToken.None),
                AgentVerb.Signal => actions.Signal(request),
                AgentVerb.Ps => string.Join('\n', actions.Ps(request.Component!).Select(p => p.Line())),
                AgentVerb.Heal => string.Join('\n', await actions.HealAsync(request.FaultId, CancellationToken.None)),
                _ => string.Join('\n', await actions.StatusAsync(CancellationToken.None)),
            };
            if (output.Length > 0)
            {
                await Console.Out.WriteLineAsync(output);
            }
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node agent-do {args[0]}: {ex.Message}");
            return 1;
        }
    }
}
