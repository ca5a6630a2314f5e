using System.Text;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;

namespace ChaosLab.ApiServer.Tests.Http;

[Category("Unit")]
public sealed class YamlToJsonTests
{
    /// <summary>The classic "billion laughs": nine levels of nine aliases, about 387 million values when expanded.</summary>
    private const string BillionLaughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """;

    [Test]
    public void Plain_scalars_are_typed_and_quoted_ones_stay_strings()
    {
        var json = YamlToJson.Convert("""
            a: 3
            b: "3"
            c: true
            d: null
            e: 1.5
            f: web
            g: [1, two]
            """)!;

        Assert.That(json.ToJsonString(), Is.EqualTo("""{"a":3,"b":"3","c":true,"d":null,"e":1.5,"f":"web","g":[1,"two"]}"""));
    }

    [Test]
    public void A_key_set_twice_keeps_the_last_value_unless_strict()
    {
        const string Yaml = "a: 1\nb:\n  c: x\n  c: y\na: 2\nlist: [{k: 1, k: 2}]\n";

        Assert.That(YamlToJson.Convert(Yaml)!.ToJsonString(), Is.EqualTo("""{"a":2,"b":{"c":"y"},"list":[{"k":2}]}"""));
        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert(Yaml, strict: true))!;
        Assert.That((ex.Code, ex.Message), Is.EqualTo((400, "strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n"
            + "  line 4: key \"c\" already set in map\n  line 5: key \"a\" already set in map\n  line 6: key \"k\" already set in map")));
    }

    [Test]
    public void The_same_key_in_different_mappings_is_no_duplicate() =>
        Assert.That(YamlToJson.Convert("a: {name: x}\nb: {name: x}\nc: [{name: 1}, {name: 2}]\n", strict: true)!.ToJsonString(),
            Is.EqualTo("""{"a":{"name":"x"},"b":{"name":"x"},"c":[{"name":1},{"name":2}]}"""));

    [Test]
    public void Broken_yaml_is_a_bad_request_naming_the_line()
    {
        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert("a: [1, 2\nb: c"))!;
        Assert.That((ex.Code, ex.Reason), Is.EqualTo((400, "BadRequest")));
        Assert.That(ex.Message, Does.Contain("line"));
    }

    [Test]
    public void Several_documents_are_refused() =>
        Assert.That(() => YamlToJson.Convert("a: 1\n---\nb: 2\n"), Throws.InstanceOf<ApiException>().With.Property("Code").EqualTo(400));

    [TestCase("", 0)]
    [TestCase("# only a comment\n", 0)]
    [TestCase("a: 1\n---\nb: 2\n---\nc: 3\n", 3)]
    public void Anything_but_one_document_is_refused_with_the_count(string yaml, int documents)
    {
        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert(yaml))!;

        Assert.That((ex.Code, ex.Message), Is.EqualTo((400, $"expected one YAML document, got {documents}")));
    }

    [Test]
    public void Block_styles_nested_collections_and_tags_convert_as_before()
    {
        var json = YamlToJson.Convert("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web
              labels: {app: web, tier: "1"}
            data:
              script: |
                echo hi
              folded: >
                one
                two
              tagged: !!str 3
              empty:
              tilde: ~
              negative: -4
              float: .5e1
              version: 1.2.3
            items:
              - name: a
              - [x, 'y']
              -
            """)!;

        Assert.That(json.ToJsonString(), Is.EqualTo(string.Concat(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web","labels":{"app":"web","tier":"1"}},""",
            """ "data":{"script":"echo hi\n","folded":"one two\n","tagged":3,"empty":null,"tilde":null,"negative":-4,"float":5,"version":"1.2.3"},""".TrimStart(),
            """ "items":[{"name":"a"},["x","y"],null]}""".TrimStart())));
    }

    [Test]
    public void A_duplicate_key_keeps_its_first_place_and_its_last_value()
    {
        var json = YamlToJson.Convert("""
            kind: Pod
            metadata: {name: a, name: b}
            kind: Service
            """)!.AsObject();

        Assert.That(json.ToJsonString(), Is.EqualTo("""{"kind":"Service","metadata":{"name":"b"}}"""));
        Assert.That((string?)json["kind"], Is.EqualTo("Service"));
    }

    [Test]
    public void Aliases_are_expanded_into_independent_copies()
    {
        var json = YamlToJson.Convert("""
            base: &labels {app: web, tier: &tier front}
            copy: *labels
            tier: *tier
            list: &list [1, *tier]
            lists: [*list, *list]
            """)!;

        Assert.That(json.ToJsonString(), Is.EqualTo(
            """{"base":{"app":"web","tier":"front"},"copy":{"app":"web","tier":"front"},"tier":"front","list":[1,"front"],"lists":[[1,"front"],[1,"front"]]}"""));
        json["copy"]!["app"] = "changed";
        Assert.That((string?)json["base"]!["app"], Is.EqualTo("web"));
    }

    [Test]
    public void An_alias_to_a_scalar_may_be_a_key()
    {
        var json = YamlToJson.Convert("name: &key app\n*key : web\n")!;

        Assert.That(json.ToJsonString(), Is.EqualTo("""{"name":"app","app":"web"}"""));
    }

    [Test]
    public void A_hundred_thousand_nested_brackets_are_a_bad_request_not_a_crash()
    {
        // The server converts on a thread pool thread; give the conversion no more stack than such a thread has.
        var yaml = new string('[', 100_000) + new string(']', 100_000);

        var ex = ThrownOnOneMegabyteStack(() => YamlToJson.Convert(yaml));

        Assert.That(ex, Is.TypeOf<ApiException>());
        Assert.That((((ApiException)ex!).Code, ex.Message), Is.EqualTo((400, "error converting YAML to JSON: yaml: line 1: exceeded max depth of 128")));
    }

    [Test]
    public void A_hundred_thousand_unclosed_brackets_are_a_bad_request_not_a_crash()
    {
        var ex = ThrownOnOneMegabyteStack(() => YamlToJson.Convert(new string('[', 100_000)));

        Assert.That(ex, Is.TypeOf<ApiException>().With.Property("Code").EqualTo(400));
    }

    [Test]
    public void Mappings_nest_as_deep_as_json_bodies_and_no_deeper()
    {
        var json = YamlToJson.Convert(NestedFlowMappings(RequestBody.MaxDepth))!;
        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert(NestedFlowMappings(RequestBody.MaxDepth + 1)))!;

        Assert.That(Depth(json), Is.EqualTo(128));
        Assert.That((ex.Code, ex.Message), Is.EqualTo((400, "error converting YAML to JSON: yaml: line 1: exceeded max depth of 128")));
        Assert.That(() => JsonBody.Parse(json.ToJsonString()), Throws.Nothing);
    }

    [Test]
    public void Too_deep_block_mappings_are_refused_at_the_line_that_goes_too_deep()
    {
        var yaml = new StringBuilder();
        for (var level = 0; level < 129; level++)
        {
            yaml.Append(' ', level).Append("a:\n");
        }
        yaml.Append(' ', 129).Append("b: 1\n");

        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert(yaml.ToString()))!;

        Assert.That((ex.Code, ex.Message), Is.EqualTo((400, "error converting YAML to JSON: yaml: line 129: exceeded max depth of 128")));
    }

    [Test]
    public void An_alias_may_not_nest_the_document_deeper_than_the_limit()
    {
        var yaml = $"deep: &deep {NestedFlowMappings(100)}\nlist: {NestedFlowSequences(28, "*deep")}\n";

        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert(yaml))!;

        Assert.That((ex.Code, ex.Message), Is.EqualTo((400, "error converting YAML to JSON: yaml: line 2: exceeded max depth of 128")));
        Assert.That(() => YamlToJson.Convert($"deep: &deep {NestedFlowMappings(100)}\nlist: {NestedFlowSequences(27, "*deep")}\n"), Throws.Nothing);
    }

    [Test]
    public void The_billion_laughs_are_a_bad_request_without_being_expanded()
    {
        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert(BillionLaughs))!;

        Assert.That((ex.Code, ex.Reason), Is.EqualTo((400, "BadRequest")));
        Assert.That(ex.Message, Is.EqualTo("error converting YAML to JSON: yaml: line 9: document contains excessive aliasing"));
    }

    [Test]
    public void A_bomb_a_hundred_levels_high_is_refused_like_a_small_one()
    {
        // 2^100 values: only a reader that never expands before checking can answer this.
        var yaml = new StringBuilder("l0: &l0 [x, x]\n");
        for (var level = 1; level <= 100; level++)
        {
            yaml.Append($"l{level}: &l{level} [*l{level - 1}, *l{level - 1}]\n");
        }

        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert(yaml.ToString()))!;

        Assert.That(ex.Message, Does.EndWith("document contains excessive aliasing"));
    }

    [Test]
    public void Aliases_may_expand_to_a_hundred_thousand_values()
    {
        var yaml = $"a: &a [{string.Join(',', Enumerable.Repeat('x', 999))}]\nb: [{string.Join(',', Enumerable.Repeat("*a", 100))}]\n";

        var json = YamlToJson.Convert(yaml)!;

        Assert.That(json["b"]!.AsArray(), Has.Count.EqualTo(100));
        Assert.That(() => YamlToJson.Convert(yaml.Replace("*a]", "*a,*a]", StringComparison.Ordinal)), Throws.InstanceOf<ApiException>());
    }

    [Test]
    public void A_document_that_writes_more_values_may_alias_as_many_as_it_writes()
    {
        // 120,000 aliased values: too many for the fixed budget, but the document writes more than that itself.
        var list = $"[{string.Join(',', Enumerable.Repeat('x', 60_000))}]";
        var yaml = $"a: &a {list}\nb: [*a, *a]\nc: {list}\n";

        Assert.That(() => YamlToJson.Convert(yaml), Throws.Nothing);
        Assert.That(() => YamlToJson.Convert(yaml.Replace("c: ", "c: &c ", StringComparison.Ordinal) + "d: [*c]\n"), Throws.InstanceOf<ApiException>());
    }

    [TestCase("? [a]\n: b\n", 1, "a sequence")]
    [TestCase("name: web\n? {a: 1}\n: b\n", 2, "a mapping")]
    [TestCase("{[a, b]: c}", 1, "a sequence")]
    [TestCase("list: &list [a]\n? *list\n: b\n", 2, "a sequence")]
    public void A_key_that_is_not_a_scalar_is_a_bad_request(string yaml, int line, string found)
    {
        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert(yaml))!;

        Assert.That((ex.Code, ex.Message), Is.EqualTo((400, $"error converting YAML to JSON: yaml: line {line}: invalid map key: {found}")));
    }

    [TestCase("a: 1\nb: *nope\n", 2)]
    [TestCase("self: &self [*self]\n", 1)]
    public void An_alias_to_an_unknown_anchor_is_a_bad_request(string yaml, int line)
    {
        var ex = Assert.Throws<ApiException>(() => YamlToJson.Convert(yaml))!;

        Assert.That(ex.Code, Is.EqualTo(400));
        Assert.That(ex.Message, Does.StartWith($"error converting YAML to JSON: yaml: line {line}: unknown anchor '"));
    }

    private static string NestedFlowMappings(int depth) =>
        string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth);

    private static string NestedFlowSequences(int depth, string inner) =>
        new string('[', depth) + inner + new string(']', depth);

    private static int Depth(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonArray array => 1 + array.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static Exception? ThrownOnOneMegabyteStack(Action action)
    {
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                thrown = ex;
            }
        }, maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        return thrown;
    }
}
