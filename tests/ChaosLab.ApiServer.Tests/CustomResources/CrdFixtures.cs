using System.Text.Json.Nodes;
using static ChaosLab.ApiServer.Tests.Validation.Fixtures;

namespace ChaosLab.ApiServer.Tests.CustomResources;

/// <summary>A CronTab CRD like upstream's documentation example, with printer columns, status and scale subresources.</summary>
internal static class CrdFixtures
{
    public static JsonObject CronTabs() => Json("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"crontabs.stable.example.com"},
         "spec":{"group":"stable.example.com","scope":"Namespaced",
           "names":{"plural":"crontabs","singular":"crontab","kind":"CronTab","shortNames":["ct"],"categories":["all"]},
           "versions":[
             {"name":"v1beta1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
             {"name":"v1","served":true,"storage":true,
              "schema":{"openAPIV3Schema":{"type":"object","properties":{
                "spec":{"type":"object","properties":{"cronSpec":{"type":"string"},"replicas":{"type":"integer","minimum":0}}},
                "status":{"type":"object","properties":{"replicas":{"type":"integer"},"selector":{"type":"string"}}}}}},
              "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas","labelSelectorPath":".status.selector"}},
              "additionalPrinterColumns":[
                {"name":"Spec","type":"string","jsonPath":".spec.cronSpec"},
                {"name":"Replicas","type":"integer","jsonPath":".spec.replicas"},
                {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]}]}}
        """);
}
