using System.ComponentModel;
using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Image;
using ChaosLab.Lab.Lifecycle;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

/// <summary>
/// `chaoslab load-image IMAGE...`: copies images of the host's Docker engine into the containerd of
/// every node of a lab that runs pods. The built-in images (chaoslab/pause, chaoslab/shell,
/// chaoslab/echo) are built first when the engine lacks them.
/// </summary>
public sealed class LoadImageCommand : AsyncCommand<LoadImageCommand.Settings>
{
    public sealed class Settings : LabSettings
    {
        [CommandArgument(0, "<IMAGE>")]
        [Description("Images in the host's Docker engine, e.g. chaoslab/echo or myapp:1 (no tag means :latest)")]
        public string[] Images { get; init; } = [];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        LabUp.ValidateName(settings.Name);
        var state = LabState.Load(settings.Name);
        var nodes = state.LabNodes().Where(n => n.RunsPods)
            .Select(n => new ImageTarget(n.Name, LabLabels.ContainerName(state.Name, n.Name)))
            .ToList();
        if (nodes.Count == 0)
        {
            throw new LabException($"lab '{state.Name}' has no node that runs pods ({state.TopologyName}); nothing to load into");
        }
        using var engine = new DockerEngine();
        await engine.EnsureReachableAsync(cancellationToken);
        using var images = new DockerImageEngine();
        var loaded = await SpectreLabProgress.RunAsync(async progress =>
        {
            var builtIn = settings.Images
                .Where(i => WorkloadImages.IsBuiltIn(ImageReference.Repository(i)) && ImageReference.Tag(i) is null or WorkloadImages.LatestTag)
                .Select(ImageReference.Repository)
                .Distinct()
                .ToList();
            if (builtIn.Count > 0)
            {
                await new WorkloadImages(engine, images, progress).EnsureAsync(builtIn, cancellationToken);
            }
            return await new ImageLoader(engine, images, progress).LoadAsync(settings.Images, nodes, cancellationToken);
        });
        AnsiConsole.MarkupLineInterpolated($"[green]Loaded[/] {string.Join(", ", loaded)} into {string.Join(", ", nodes.Select(n => n.Node))} of lab '{state.Name}'");
        return ExitCodes.Ok;
    }
}
