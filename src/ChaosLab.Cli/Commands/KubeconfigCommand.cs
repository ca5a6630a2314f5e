using ChaosLab.Lab;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

public sealed class KubeconfigCommand : Command<LabSettings>
{
    public override int Execute(CommandContext context, LabSettings settings, CancellationToken cancellationToken)
    {
        Console.WriteLine(LabController.KubeconfigPath(settings.Name));
        return ExitCodes.Ok;
    }
}
