using ChaosLab.Kubelet.Pods;

namespace ChaosLab.Kubelet.Tests.Pods;

[Category("Unit")]
public sealed class VariableExpansionTests
{
    private static readonly Func<string, string?> Lookup = VariableExpansion.From(
        new Dictionary<string, string> { ["VAR"] = "value", ["EMPTY"] = "", ["NAME"] = "first" },
        new Dictionary<string, string> { ["NAME"] = "second", ["SERVICE_HOST"] = "10.96.0.1" });

    // Cases from upstream's third_party/forked/golang/expansion tests.
    [TestCase("$(VAR)", "value")]
    [TestCase("prefix-$(VAR)-suffix", "prefix-value-suffix")]
    [TestCase("$(VAR)$(VAR)", "valuevalue")]
    [TestCase("$(EMPTY)", "")]
    [TestCase("$(SERVICE_HOST):443", "10.96.0.1:443")]
    [TestCase("no references", "no references")]
    public void A_reference_expands_to_the_variables_value(string input, string expected) =>
        Assert.That(VariableExpansion.Expand(input, Lookup), Is.EqualTo(expected));

    [TestCase("$$(VAR)", "$(VAR)")]
    [TestCase("$$$(VAR)", "$value")]
    [TestCase("$$$$(VAR)", "$$(VAR)")]
    [TestCase("a$$b", "a$b")]
    public void A_double_dollar_is_a_literal_dollar_so_it_escapes_a_reference(string input, string expected) =>
        Assert.That(VariableExpansion.Expand(input, Lookup), Is.EqualTo(expected));

    [TestCase("$(UNKNOWN)", "$(UNKNOWN)")]
    [TestCase("x-$(UNKNOWN)-$(VAR)", "x-$(UNKNOWN)-value")]
    [TestCase("$()", "$()")]
    public void An_unknown_reference_stays_as_written(string input, string expected) =>
        Assert.That(VariableExpansion.Expand(input, Lookup), Is.EqualTo(expected));

    [TestCase("$", "$")]
    [TestCase("value$", "value$")]
    [TestCase("$VAR", "$VAR")]
    [TestCase("${VAR}", "${VAR}")]
    [TestCase("$(VAR", "$(VAR")]
    [TestCase("$(VAR $(VAR)", "$(VAR $(VAR)")]
    [TestCase("$($(VAR)", "$($(VAR)")]
    [TestCase("$(unclosed $$", "$(unclosed $")]
    public void Anything_that_is_not_a_reference_is_kept_as_upstream_keeps_it(string input, string expected) =>
        Assert.That(VariableExpansion.Expand(input, Lookup), Is.EqualTo(expected));

    [Test]
    public void The_first_source_that_has_a_variable_wins()
    {
        Assert.That(VariableExpansion.Expand("$(NAME)", Lookup), Is.EqualTo("first"));
    }

    [Test]
    public void The_expanded_value_is_not_expanded_again()
    {
        var lookup = VariableExpansion.From(new Dictionary<string, string> { ["A"] = "$(B)", ["B"] = "b" });

        Assert.That(VariableExpansion.Expand("$(A)", lookup), Is.EqualTo("$(B)"));
    }
}
