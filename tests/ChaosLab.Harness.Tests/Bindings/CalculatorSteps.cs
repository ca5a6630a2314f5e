using Reqnroll;

namespace ChaosLab.Harness.Tests.Bindings;

[Binding]
public sealed class CalculatorSteps(Calculator calculator)
{
    [Given("the calculator is cleared")]
    public void ClearCalculator()
    {
        ScratchJournal.Record($"background: prepared by hook = {calculator.PreparedByHook}");
        calculator.Entered.Clear();
        calculator.Result = 0;
    }

    [Given("I have entered {int} into the calculator")]
    public void Enter(int number)
    {
        ScratchJournal.Record($"entered {number}");
        calculator.Entered.Add(number);
    }

    [Given("I have entered these numbers:")]
    public void EnterAll(DataTable numbers)
    {
        foreach (var row in numbers.Rows)
            Enter(int.Parse(row["number"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [When("I press add")]
    public void Add() => calculator.Result = calculator.Entered.Sum();

    [Given("the display shows")]
    public void Show(string text)
    {
        ScratchJournal.Record($"display: {text}");
        calculator.Display = text;
    }
}
