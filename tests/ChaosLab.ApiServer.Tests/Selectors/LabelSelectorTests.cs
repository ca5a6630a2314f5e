using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Selectors;

namespace ChaosLab.ApiServer.Tests.Selectors;

[Category("Unit")]
public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "front", ["replicas"] = "3" };

    [TestCase("app=web", "app=web", true)]
    [TestCase("app==web", "app==web", true)]
    [TestCase("app!=db", "app!=db", true)]
    [TestCase("app!=web", "app!=web", false)]
    [TestCase("missing!=x", "missing!=x", true)]
    [TestCase("app in (web,db)", "app in (db,web)", true)]
    [TestCase("app notin (web)", "app notin (web)", false)]
    [TestCase("missing notin (web)", "missing notin (web)", true)]
    [TestCase("tier", "tier", true)]
    [TestCase("!tier", "!tier", false)]
    [TestCase("!missing", "!missing", true)]
    [TestCase("replicas>2", "replicas>2", true)]
    [TestCase("replicas<3", "replicas<3", false)]
    [TestCase("app=", "app=", false)]
    [TestCase("  tier = front ,  app in ( web )  ", "app in (web),tier=front", true)]
    [TestCase("tier=front,app=web,!gone", "app=web,!gone,tier=front", true)]
    [TestCase("app in (in,notin)", "app in (in,notin)", false)]
    [TestCase("example.com/team=a", "example.com/team=a", false)]
    public void Parses_each_syntax_and_matches_labels(string selector, string canonical, bool matches)
    {
        var parsed = LabelSelector.Parse(selector);

        Assert.That(parsed.ToString(), Is.EqualTo(canonical));
        Assert.That(parsed.Matches(Web), Is.EqualTo(matches));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Empty_selector_is_everything(string? selector)
    {
        var parsed = LabelSelector.Parse(selector);

        Assert.That(parsed.IsEverything, Is.True);
        Assert.That(parsed.Matches(null), Is.True);
        Assert.That(parsed.ToString(), Is.Empty);
    }

    [Test]
    public void Empty_value_in_a_set_is_allowed_as_upstream_reads_it()
    {
        var parsed = LabelSelector.Parse("app in (,web)");

        Assert.That(parsed.Requirements[0].Values, Is.EqualTo(new[] { "", "web" }));
        Assert.That(parsed.Matches(new Dictionary<string, string> { ["app"] = "" }), Is.True);
    }

    [TestCase("a notin ()")]
    [TestCase("a notin ( )")]
    [TestCase("a in ()")]
    public void An_empty_set_is_the_empty_value_as_upstream_parses_it(string selector)
    {
        // upstream labels.Parse documents "x in (foo,,baz),y,z notin ()" as valid syntax; "()" is the set {""}.
        var parsed = LabelSelector.Parse(selector);

        Assert.That(parsed.Requirements.Single().Values, Is.EqualTo(new[] { "" }));
        Assert.That(parsed.ToString(), Is.EqualTo(selector.Replace(" )", ")", StringComparison.Ordinal)));
        Assert.That(parsed.Matches(new Dictionary<string, string> { ["a"] = "" }), Is.EqualTo(selector.Contains(" in", StringComparison.Ordinal)));
        Assert.That(parsed.Matches(Web), Is.EqualTo(selector.Contains("notin", StringComparison.Ordinal)));
    }

    [TestCase("app in", "unable to parse requirement: found '' expected: '('")]
    [TestCase("app in (web", "unable to parse requirement: found '', expected: ',' or ')'")]
    [TestCase("app ~ web", "unable to parse requirement: found '~', expected: in, notin, =, ==, !=, gt, lt")]
    [TestCase("app=web,", "found '', expected: identifier after ','")]
    [TestCase(",app", "found ',', expected: !, identifier, or 'end of string'")]
    [TestCase("app=web tier=front", "found 'tier', expected: ',' or 'end of string'")]
    [TestCase("a b=c", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [TestCase("replicas>x", "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [TestCase("-app=web", "unable to parse requirement: key: Invalid value: \"-app\": name part must consist of alphanumeric characters")]
    [TestCase("Example.com/app=web", "unable to parse requirement: key: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain")]
    [TestCase("app=-web", "unable to parse requirement: values[0][app]: Invalid value: \"-web\": a valid label must be an empty string")]
    public void Bad_syntax_is_a_400_naming_the_selector_and_the_problem(string selector, string problem)
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));

        Assert.That((error.Code, error.Reason), Is.EqualTo((400, "BadRequest")));
        Assert.That(error.Message, Does.StartWith(problem).And.EndWith($"(labelSelector \"{selector}\")"));
    }

    [Test]
    public void Label_selector_json_becomes_requirements()
    {
        var selector = LabelSelector.FromLabelSelectorJson(JsonNode.Parse("""
            {"matchLabels":{"app":"web"},"matchExpressions":[
              {"key":"tier","operator":"In","values":["front","edge"]},
              {"key":"legacy","operator":"DoesNotExist"},
              {"key":"env","operator":"NotIn","values":["dev"]},
              {"key":"replicas","operator":"Exists"}]}
            """));

        Assert.That(selector.ToString(), Is.EqualTo("app=web,env notin (dev),!legacy,replicas,tier in (edge,front)"));
        Assert.That(selector.Matches(Web), Is.True);
        Assert.That(selector.Matches(new Dictionary<string, string>(Web) { ["legacy"] = "yes" }), Is.False);
    }

    [Test]
    public void Null_selector_json_selects_nothing_and_an_empty_one_everything()
    {
        Assert.That(LabelSelector.FromLabelSelectorJson(null).Matches(Web), Is.False);
        Assert.That(LabelSelector.FromLabelSelectorJson(new JsonObject()).Matches(Web), Is.True);
        Assert.That(LabelSelector.FromLabelSelectorJson(new JsonObject()).IsEverything, Is.True);
    }

    [Test]
    public void Unknown_operator_in_selector_json_is_a_400()
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.FromLabelSelectorJson(JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}""")));

        Assert.That(error.Code, Is.EqualTo(400));
        Assert.That(error.Message, Does.Contain("\"Gt\" is not a valid label selector operator"));
    }

    [Test]
    public void Matches_an_object_by_its_metadata_labels()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p","labels":{"app":"web"}}}""")!.AsObject();

        Assert.That(LabelSelector.Parse("app=web").MatchesObject(pod), Is.True);
        Assert.That(LabelSelector.Parse("app,tier").MatchesObject(pod), Is.False);
        Assert.That(LabelSelector.Parse("!app").MatchesObject(new JsonObject()), Is.True);
    }
}
