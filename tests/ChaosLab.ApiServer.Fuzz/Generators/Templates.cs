using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Fuzz.Support;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// A valid object of each kind, the base the body and patch generators spoil. Pods (and the templates of
/// workloads) select a node label no node has, and workloads want no replicas: nothing generated runs anywhere.
/// </summary>
public static class Templates
{
    private const string Nowhere = "chaoslab.fuzz/nowhere";

    public static JsonObject For(ServedKind kind, string name, FuzzScope scope)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(scope);
        var obj = new JsonObject
        {
            ["apiVersion"] = kind.ApiVersion,
            ["kind"] = kind.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { [FuzzScope.RunLabel] = scope.Namespace, ["app"] = "fz" },
            },
        };
        foreach (var (field, value) in Content(kind.Kind, scope.Namespace))
        {
            obj[field] = value;
        }
        return obj;
    }

    private static IEnumerable<(string Field, JsonNode Value)> Content(string kind, string ns) => kind switch
    {
        "ConfigMap" => [("data", new JsonObject { ["k"] = "v" })],
        "Secret" => [("type", "Opaque"), ("data", new JsonObject { ["k"] = "dg==" })],
        "Endpoints" => [("subsets", Parse("""[{"addresses":[{"ip":"10.9.9.9"}],"ports":[{"port":80,"protocol":"TCP"}]}]"""))],
        "EndpointSlice" => [("addressType", "IPv4"), ("endpoints", Parse("""[{"addresses":["10.9.9.9"]}]""")), ("ports", Parse("""[{"port":80,"protocol":"TCP"}]"""))],
        "Event" => [("involvedObject", Parse($$"""{"kind":"ConfigMap","name":"seed","namespace":"{{ns}}"}""")), ("reason", "Fuzz"), ("message", "fuzz"), ("type", "Normal")],
        "Lease" => [("spec", Parse("""{"holderIdentity":"fz","leaseDurationSeconds":10}"""))],
        "Service" => [("spec", Parse("""{"ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"}],"selector":{"app":"fz"}}"""))],
        "Pod" => [("spec", PodSpec())],
        "Deployment" or "ReplicaSet" => [("spec", new JsonObject
        {
            ["replicas"] = 0,
            // Not app=fz: a workload would adopt the run's bare pods.
            ["selector"] = Parse("""{"matchLabels":{"app":"fz-workload"}}"""),
            ["template"] = new JsonObject { ["metadata"] = Parse("""{"labels":{"app":"fz-workload"}}"""), ["spec"] = PodSpec() },
        })],
        "Node" => [("spec", Parse("""{"unschedulable":true}"""))],
        _ => [],
    };

    private static JsonObject PodSpec() => Parse($$$"""
        {"containers":[{"name":"c","image":"fuzz","ports":[{"name":"http","containerPort":8080}]}],"nodeSelector":{"{{{Nowhere}}}":"true"}}
        """).AsObject();

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
