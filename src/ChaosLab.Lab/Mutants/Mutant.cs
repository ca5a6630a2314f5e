using System.Text;

namespace ChaosLab.Lab.Mutants;

/// <summary>
/// A deliberately broken variant of one bundled component, run in place of the sound one to prove that the
/// feature catalog notices the breakage.
/// </summary>
/// <param name="Name">What `chaoslab up --mutant` and a topology's <c>components.NAME.mutant</c> call it.</param>
/// <param name="Component">The component it breaks (a <see cref="Topology.ComponentNames"/> name).</param>
/// <param name="Breaks">What the broken component does wrong.</param>
/// <param name="Imitates">The kind of real-world bug it stands for.</param>
/// <param name="FeatureFile">The feature file (relative to the repository) of the scenario expected to catch it.</param>
/// <param name="Scenario">That scenario's title.</param>
public sealed record Mutant(string Name, string Component, string Breaks, string Imitates, string FeatureFile, string Scenario)
{
    /// <summary>The flag the component gets; etcd has none of ours, its mutant is a change of its own flags.</summary>
    public string Flag => $"--mutant={Name}";

    public string CaughtBy => $"{FeatureFile}: {Scenario}";

    /// <summary>`dotnet test --filter` for the catching scenario: test names are titles with every run of other characters made one '_'.</summary>
    public string ScenarioFilter => "FullyQualifiedName~" + Identifier(Scenario);

    private static string Identifier(string title)
    {
        var builder = new StringBuilder();
        var separator = false;
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (separator && builder.Length > 0)
                    builder.Append('_');
                builder.Append(c);
                separator = false;
            }
            else
            {
                separator = true;
            }
        }
        return builder.ToString();
    }
}
