using System.ComponentModel;
using ChaosLab.Lab.Lifecycle;
using Spectre.Console.Cli;

namespace ChaosLab.Cli.Commands;

/// <summary>Every command takes --name; the default lab is called "default".</summary>
public class LabSettings : CommandSettings
{
    [CommandOption("-n|--name <NAME>")]
    [Description("Lab name (default: default)")]
    [DefaultValue(UpOptions.DefaultName)]
    public string Name { get; init; } = UpOptions.DefaultName;
}
