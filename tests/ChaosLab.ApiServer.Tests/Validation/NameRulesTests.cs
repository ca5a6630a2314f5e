using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Tests.Validation;

[TestFixture]
[Category("Unit")]
public sealed class NameRulesTests
{
    [TestCase("example.com")]
    [TestCase("a")]
    [TestCase("my-app-1")]
    public void Valid_subdomains_have_no_errors(string name) => Assert.That(NameRules.IsDNS1123Subdomain(name), Is.Empty);

    [Test]
    public void Uppercase_subdomain_gets_the_upstream_message_word_for_word()
    {
        Assert.That(NameRules.IsDNS1123Subdomain("Foo"), Is.EqualTo(new[]
        {
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
            "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        }));
    }

    [Test]
    public void Subdomain_longer_than_253_characters_is_too_long()
    {
        Assert.That(NameRules.IsDNS1123Subdomain(new string('a', 254)), Is.EqualTo(new[] { "must be no more than 253 characters" }));
    }

    [Test]
    public void Trailing_newline_does_not_slip_past_the_regex() => Assert.That(NameRules.IsDNS1123Subdomain("web\n"), Is.Not.Empty);

    [Test]
    public void Label_with_dots_is_told_it_must_not_contain_dots()
    {
        Assert.That(NameRules.IsDNS1123Label("a.b"), Is.EqualTo(new[] { "must not contain dots" }));
    }

    [Test]
    public void Invalid_label_quotes_upstream_examples_with_their_double_space()
    {
        Assert.That(NameRules.IsDNS1123Label("-x").Single(), Does.EndWith("(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
    }

    [Test]
    public void Label_longer_than_63_characters_is_too_long()
    {
        Assert.That(NameRules.IsDNS1123Label(new string('a', 64)), Is.EqualTo(new[] { "must be no more than 63 characters" }));
    }

    [Test]
    public void DNS1035_label_must_start_with_a_letter()
    {
        Assert.That(NameRules.IsDNS1035Label("1web").Single(), Does.StartWith("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character"));
    }

    [TestCase("app")]
    [TestCase("app.kubernetes.io/name")]
    [TestCase("My_Key.1")]
    public void Valid_qualified_names_have_no_errors(string key) => Assert.That(NameRules.IsQualifiedName(key), Is.Empty);

    [Test]
    public void Qualified_name_with_empty_prefix_reports_the_prefix_part()
    {
        Assert.That(NameRules.IsQualifiedName("/name"), Is.EqualTo(new[] { "prefix part must be non-empty" }));
    }

    [Test]
    public void Qualified_name_with_bad_name_part_reports_the_name_part()
    {
        Assert.That(NameRules.IsQualifiedName("example.com/-bad").Single(), Does.StartWith("name part must consist of alphanumeric characters, '-', '_' or '.'"));
    }

    [Test]
    public void Qualified_name_with_two_slashes_is_not_a_qualified_name()
    {
        Assert.That(NameRules.IsQualifiedName("a/b/c").Single(), Does.StartWith("a qualified name must consist of").And.EndWith("with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
    }

    [TestCase("")]
    [TestCase("v1.2_3-x")]
    public void Valid_label_values_have_no_errors(string value) => Assert.That(NameRules.IsValidLabelValue(value), Is.Empty);

    [Test]
    public void Label_value_with_a_space_is_invalid()
    {
        Assert.That(NameRules.IsValidLabelValue("a b").Single(), Does.StartWith("a valid label must be an empty string or consist of alphanumeric characters"));
    }

    [Test]
    public void Port_name_without_a_letter_or_with_double_hyphen_is_invalid()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(NameRules.IsValidPortName("8080"), Does.Contain("must contain at least one letter (a-z)"));
            Assert.That(NameRules.IsValidPortName("a--b"), Does.Contain("must not contain consecutive hyphens"));
            Assert.That(NameRules.IsValidPortName("http-metrics-long"), Does.Contain("must be no more than 15 characters"));
        }
    }

    [Test]
    public void Config_keys_allow_dots_but_not_a_leading_double_dot()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(NameRules.IsConfigMapKey("app.properties"), Is.Empty);
            Assert.That(NameRules.IsConfigMapKey("..data"), Is.EqualTo(new[] { "must not start with '..'" }));
        }
    }

    [Test]
    public void Env_var_names_may_not_start_with_a_digit()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(NameRules.IsEnvVarName("MY_VAR.1"), Is.Empty);
            Assert.That(NameRules.IsEnvVarName("1VAR").Single(), Does.StartWith("a valid environment variable name must consist of alphabetic characters"));
        }
    }
}
