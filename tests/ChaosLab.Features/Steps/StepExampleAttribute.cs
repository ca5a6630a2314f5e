namespace ChaosLab.Features.Steps;

/// <summary>An example of the step as a scenario writes it; the step catalog (docs/steps.md) is generated from these.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class StepExampleAttribute(string example) : Attribute
{
    public string Example { get; } = example;
}
