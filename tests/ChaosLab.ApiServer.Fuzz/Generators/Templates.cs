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
        "ReplicationController" => [("spec", new JsonObject
        {
            ["replicas"] = 0, ["selector"] = Parse("""{"app":"fz-workload"}"""),
            ["template"] = new JsonObject { ["metadata"] = Parse("""{"labels":{"app":"fz-workload"}}"""), ["spec"] = PodSpec() },
        })],
        "DaemonSet" => [("spec", new JsonObject
        {
            ["selector"] = Parse("""{"matchLabels":{"app":"fz-workload"}}"""),
            ["template"] = new JsonObject { ["metadata"] = Parse("""{"labels":{"app":"fz-workload"}}"""), ["spec"] = PodSpec() },
        })],
        "StatefulSet" => [("spec", new JsonObject
        {
            ["replicas"] = 0, ["serviceName"] = "fz", ["selector"] = Parse("""{"matchLabels":{"app":"fz-workload"}}"""),
            ["template"] = new JsonObject { ["metadata"] = Parse("""{"labels":{"app":"fz-workload"}}"""), ["spec"] = PodSpec() },
        })],
        "Job" => [("spec", new JsonObject { ["suspend"] = true, ["template"] = new JsonObject { ["spec"] = PodSpec("Never") } })],
        "CronJob" => [("spec", new JsonObject
        {
            ["schedule"] = "0 0 1 1 *", ["suspend"] = true,
            ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = PodSpec("Never") } } },
        })],
        "PodTemplate" => [("template", new JsonObject { ["metadata"] = Parse("""{"labels":{"app":"fz-workload"}}"""), ["spec"] = PodSpec() })],
        "ControllerRevision" => [("revision", 1), ("data", Parse("""{"spec":{}}"""))],
        "PodDisruptionBudget" => [("spec", Parse("""{"maxUnavailable":1,"selector":{"matchLabels":{"app":"fz-workload"}}}"""))],
        "HorizontalPodAutoscaler" => [("spec", Parse("""{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"fz"},"maxReplicas":1}"""))],
        "Ingress" => [("spec", Parse("""{"defaultBackend":{"service":{"name":"fz","port":{"number":80}}}}"""))],
        "IngressClass" => [("spec", Parse("""{"controller":"example.com/fz"}"""))],
        "NetworkPolicy" => [("spec", Parse("""{"podSelector":{"matchLabels":{"app":"fz-workload"}}}"""))],
        "ResourceQuota" => [("spec", Parse("""{"hard":{"configmaps":"1000"}}"""))],
        "LimitRange" => [("spec", Parse("""{"limits":[{"type":"Container","max":{"memory":"64Gi"}}]}"""))],
        "PersistentVolume" => [("spec", Parse("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/tmp/fz"},"storageClassName":"fz"}"""))],
        "PersistentVolumeClaim" => [("spec", Parse("""{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"fz-none"}"""))],
        "Role" or "ClusterRole" => [("rules", Parse("""[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]}]"""))],
        "RoleBinding" => [("roleRef", Parse("""{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}""")),
            ("subjects", Parse("""[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"fz"}]"""))],
        "ClusterRoleBinding" => [("roleRef", Parse("""{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}""")),
            ("subjects", Parse("""[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"fz"}]"""))],
        "StorageClass" => [("provisioner", "example.com/fz")],
        "PriorityClass" => [("value", 1000)],
        "APIService" => [("spec", Parse("""{"group":"fz.example.com","version":"v1","groupPriorityMinimum":100,"versionPriority":10}"""))],
        _ => [],
    };

    private static JsonObject PodSpec(string restartPolicy = "Always") => Parse($$$"""
        {"containers":[{"name":"c","image":"fuzz","ports":[{"name":"http","containerPort":8080}]}],"nodeSelector":{"{{{Nowhere}}}":"true"},
         "restartPolicy":"{{{restartPolicy}}}"}
        """).AsObject();

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
