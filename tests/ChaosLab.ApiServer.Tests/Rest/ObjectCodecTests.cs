using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using k8s.Models;

namespace ChaosLab.ApiServer.Tests.Rest;

[Category("Unit")]
public sealed class ObjectCodecTests
{
    private static ApiException Refused(string body, Type modelType) =>
        Assert.Throws<ApiException>(() => ObjectCodec.Canonicalize(JsonNode.Parse(body)!.AsObject(), modelType, strict: false, out _))!;

    [TestCase("""{"kind":5,"metadata":{"name":"x"}}""", "kind", "number", """{"kind":5,"metadata":{"name":" ...""")]
    [TestCase("""{"apiVersion":true}""", "apiVersion", "bool", """{"apiVersion":true}""")]
    [TestCase("""{"apiVersion":"v1","kind":["ConfigMap"]}""", "kind", "array", """{"apiVersion":"v1","kind":["Co ...""")]
    public void A_kind_or_apiVersion_that_is_not_a_string_is_a_400_as_upstreams_decoder_words_it(string body, string field, string value, string summary)
    {
        var error = Refused(body, typeof(V1ConfigMap));

        Assert.That(error.Code, Is.EqualTo(400));
        Assert.That(error.Reason, Is.EqualTo("BadRequest"));
        Assert.That(error.Message, Is.EqualTo(
            $"the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: json: cannot unmarshal {value} into Go struct field .{field} of type string ({summary})"));
    }

    [TestCase("""{"metadata":"x"}""", "string into Go struct field ConfigMap.metadata of type v1.ObjectMeta")]
    [TestCase("""{"metadata":{"name":5}}""", "number into Go struct field ObjectMeta.metadata.name of type string")]
    [TestCase("""{"metadata":{"name":{"a":1}}}""", "object into Go struct field ObjectMeta.metadata.name of type string")]
    [TestCase("""{"metadata":{"name":"x","resourceVersion":7}}""", "number into Go struct field ObjectMeta.metadata.resourceVersion of type string")]
    [TestCase("""{"metadata":{"uid":7}}""", "number into Go struct field ObjectMeta.metadata.uid of type types.UID")]
    [TestCase("""{"metadata":{"labels":{"app.kubernetes.io/name":1}}}""", "number into Go struct field ObjectMeta.metadata.labels of type string")]
    [TestCase("""{"metadata":{"labels":"app=web"}}""", "string into Go struct field ObjectMeta.metadata.labels of type map[string]string")]
    [TestCase("""{"metadata":{"finalizers":[1]}}""", "number into Go struct field ObjectMeta.metadata.finalizers of type string")]
    [TestCase("""{"metadata":{"finalizers":"x"}}""", "string into Go struct field ObjectMeta.metadata.finalizers of type []string")]
    [TestCase("""{"metadata":{"generation":1.5}}""", "number 1.5 into Go struct field ObjectMeta.metadata.generation of type int64")]
    [TestCase("""{"metadata":{"generation":"1"}}""", "string into Go struct field ObjectMeta.metadata.generation of type int64")]
    [TestCase("""{"metadata":{"creationTimestamp":5}}""", "number into Go struct field ObjectMeta.metadata.creationTimestamp of type string")]
    [TestCase("""{"data":"oops"}""", "string into Go struct field ConfigMap.data of type map[string]string")]
    [TestCase("""{"immutable":"yes"}""", "string into Go struct field ConfigMap.immutable of type bool")]
    public void A_field_of_the_wrong_type_is_a_400_naming_struct_field_path_and_go_type(string body, string unmarshal)
    {
        var error = Refused(body, typeof(V1ConfigMap));

        Assert.That(error.Code, Is.EqualTo(400));
        Assert.That(error.Message, Is.EqualTo($"ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal {unmarshal}"));
    }

    [TestCase("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":"x"}]}]}}""",
        "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32")]
    [TestCase("""{"spec":{"containers":[{"name":"a","resources":{"limits":{"cpu":true}}}]}}""",
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [TestCase("""{"status":{"phase":5}}""", "json: cannot unmarshal number into Go struct field PodStatus.status.phase of type string")]
    public void Nested_pod_fields_name_their_own_struct(string body, string error) =>
        Assert.That(Refused(body, typeof(V1Pod)).Message, Is.EqualTo($"Pod in version \"v1\" cannot be handled as a Pod: {error}"));

    [TestCase("{}")]
    [TestCase("true")]
    [TestCase("1.5")]
    [TestCase("[1]")]
    public void An_int_or_string_that_is_neither_is_refused_as_upstream_refuses_it_for_int32(string maxSurge)
    {
        var error = Refused("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":""" + maxSurge + "}}}}", typeof(V1Deployment));

        Assert.That(error.Code, Is.EqualTo(400));
        Assert.That(error.Message, Does.StartWith("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal ")
            .And.EndWith(" into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32"));
    }

    [Test]
    public void Secret_data_is_bytes_to_go() =>
        Assert.That(Refused("""{"data":{"a":5}}""", typeof(V1Secret)).Message,
            Is.EqualTo("Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field Secret.data of type []uint8"));

    [Test]
    public void A_binding_target_that_is_not_an_object_is_a_400() =>
        Assert.That(Refused("""{"metadata":{"name":"web"},"target":"x"}""", typeof(V1Binding)).Message,
            Is.EqualTo("Binding in version \"v1\" cannot be handled as a Binding: json: cannot unmarshal string into Go struct field Binding.target of type v1.ObjectReference"));

    [Test]
    public void A_namespace_spec_that_is_not_an_object_is_a_400() =>
        Assert.That(Refused("""{"metadata":{"name":"ns"},"spec":"x"}""", typeof(V1Namespace)).Message,
            Is.EqualTo("Namespace in version \"v1\" cannot be handled as a Namespace: json: cannot unmarshal string into Go struct field Namespace.spec of type v1.NamespaceSpec"));

    [Test]
    public void A_scale_whose_metadata_is_not_an_object_is_a_400() =>
        Assert.That(Refused("""{"metadata":"x","spec":{"replicas":2}}""", typeof(V1Scale)).Message,
            Is.EqualTo("Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal string into Go struct field Scale.metadata of type v1.ObjectMeta"));

    [Test]
    public void Nulls_decode_as_unset_fields_as_in_go()
    {
        var canonical = ObjectCodec.Canonicalize(JsonNode.Parse("""{"kind":null,"metadata":{"name":"x","labels":null},"data":null}""")!.AsObject(),
            typeof(V1ConfigMap), strict: false, out _);

        Assert.That(canonical.ToJsonString(), Is.EqualTo("""{"metadata":{"name":"x"}}"""));
    }

    // Found by the fuzz project: a PUT of a Service whose metadata held "fuzzUnknown": {}, with fieldValidation=Strict, was a 200.
    [TestCase("""{"metadata":{"name":"x"},"fuzzUnknown":null}""", "fuzzUnknown")]
    [TestCase("""{"metadata":{"name":"x"},"fuzzUnknown":{}}""", "fuzzUnknown")]
    [TestCase("""{"metadata":{"name":"x"},"fuzzUnknown":[]}""", "fuzzUnknown")]
    [TestCase("""{"metadata":{"name":"x","fuzzUnknown":null}}""", "metadata.fuzzUnknown")]
    [TestCase("""{"metadata":{"name":"x"},"Data":{"a":"b"}}""", "Data")]
    [TestCase("""{"metadata":{"name":"x","managedFields":[{"manager":"m","fuzz":{}}]}}""", "metadata.managedFields[0].fuzz")]
    public void Strict_decoding_reports_an_unknown_field_whatever_its_value_as_upstream_does(string body, string field)
    {
        var error = Assert.Throws<ApiException>(() => ObjectCodec.Canonicalize(JsonNode.Parse(body)!.AsObject(), typeof(V1ConfigMap), strict: true, out _))!;

        Assert.That((error.Code, error.Message), Is.EqualTo((400, $"strict decoding error: unknown field \"{field}\"")));
    }

    [Test]
    public void Strict_decoding_takes_known_fields_that_are_null_or_empty_and_free_form_values()
    {
        var body = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","labels":null,"annotations":{},"finalizers":[],
             "managedFields":[{"manager":"m","fieldsV1":{"f:data":{"anything":{}}}}]},"data":{"k":"v"},"binaryData":null}
            """)!.AsObject();

        Assert.That(() => ObjectCodec.Canonicalize(body, typeof(V1ConfigMap), strict: true, out _), Throws.Nothing);
    }

    [Test]
    public void Strict_decoding_looks_into_list_items_by_their_type()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"1"}},"fuzz":null}]}}
            """)!.AsObject();

        var error = Assert.Throws<ApiException>(() => ObjectCodec.Canonicalize(pod, typeof(V1Pod), strict: true, out _))!;

        Assert.That(error.Message, Is.EqualTo("strict decoding error: unknown field \"spec.containers[0].fuzz\""));
    }

    [Test]
    public void Decode_returns_the_bare_decoder_message_and_no_model()
    {
        var error = ObjectCodec.Decode(JsonNode.Parse("""{"gracePeriodSeconds":"abc"}""")!.AsObject(), typeof(V1DeleteOptions), out var model);

        Assert.That(error, Is.EqualTo("json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64"));
        Assert.That(model, Is.Null);
    }

    [Test]
    public void A_patch_result_that_no_longer_decodes_is_a_422_with_the_result_as_the_invalid_patch()
    {
        var patched = JsonNode.Parse("""{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":"x","spec":{"replicas":2}}""")!.AsObject();

        var error = Assert.Throws<ApiException>(() => ObjectCodec.CheckPatched(patched, typeof(V1Scale)))!;

        Assert.That(error.Code, Is.EqualTo(422));
        Assert.That(error.Reason, Is.EqualTo("Invalid"));
        Assert.That(error.Message, Is.EqualTo(
            """ "" is invalid: patch: Invalid value: "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":\"x\",\"spec\":{\"replicas\":2}}": """
            + "json: cannot unmarshal string into Go struct field Scale.metadata of type v1.ObjectMeta"));
        Assert.That(error.Details!.Causes.Single().Field, Is.EqualTo("patch"));
    }

    [Test]
    public void A_patch_that_makes_kind_a_number_is_a_422_too()
    {
        var patched = JsonNode.Parse("""{"kind":5,"metadata":{"name":"x"}}""")!.AsObject();

        var error = Assert.Throws<ApiException>(() => ObjectCodec.CheckPatched(patched, typeof(V1ConfigMap)))!;

        Assert.That(error.Code, Is.EqualTo(422));
        Assert.That(error.Message, Does.EndWith("couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string"));
    }

    [Test]
    public void A_patch_result_that_decodes_is_returned_as_it_is()
    {
        var patched = JsonNode.Parse("""{"metadata":{"name":"x"},"data":{"a":"b"}}""")!.AsObject();

        Assert.That(ObjectCodec.CheckPatched(patched, typeof(V1ConfigMap)), Is.SameAs(patched));
    }
}
