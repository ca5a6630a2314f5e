using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Tests.Support;

namespace ChaosLab.ApiServer.Tests.Http;

/// <summary>Protobuf bodies, written as Go's marshallers write them (every plain field, zero or not), decoded to JSON.</summary>
[Category("Unit")]
public sealed class ProtobufBodyTests
{
    [Test]
    public void A_deployment_as_kubectl_create_deployment_sends_it_decodes()
    {
        // kubectl create deployment web --image=chaoslab/echo --port=8080 --replicas=2
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(1, m => Meta(m, "web").Entry(11, "app", "web"))
            .Message(2, spec => spec
                .Varint(1, 2)
                .Message(2, selector => selector.Entry(1, "app", "web"))
                .Message(3, template => template
                    .Message(1, m => Meta(m, "").Entry(11, "app", "web"))
                    .Message(2, pod => pod
                        .Message(2, c => c
                            .Str(1, "echo").Str(2, "chaoslab/echo").Str(5, "")
                            .Message(6, port => port.Str(1, "").Varint(2, 0).Varint(3, 8080).Str(4, "").Str(5, ""))
                            .Empty(8).Str(13, "").Str(14, "").Bool(16, false).Bool(17, false).Bool(18, false).Str(20, ""))
                        .Str(3, "").Str(6, "").Str(8, "").Str(9, "").Str(10, "").Bool(11, false).Bool(12, false).Bool(13, false)
                        .Str(16, "").Str(17, "").Str(19, "")))
                .Message(4, strategy => strategy.Str(1, ""))
                .Varint(5, 0).Bool(7, false))
            .Message(3, status => status.Varint(1, 0).Varint(2, 0).Varint(3, 0).Varint(4, 0).Varint(5, 0).Varint(7, 0)));

        AssertJson(ProtobufBody.Decode(body, ""), """
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": { "name": "web", "labels": { "app": "web" } },
              "spec": {
                "replicas": 2,
                "selector": { "matchLabels": { "app": "web" } },
                "template": {
                  "metadata": { "labels": { "app": "web" } },
                  "spec": { "containers": [ { "name": "echo", "image": "chaoslab/echo", "ports": [ { "containerPort": 8080 } ] } ] }
                }
              }
            }
            """);
    }

    [Test]
    public void A_service_as_kubectl_create_service_clusterip_sends_it_decodes()
    {
        // kubectl create service clusterip web2 --tcp=80:8080
        var body = ProtoWriter.Envelope("v1", "Service", s => s
            .Message(1, m => Meta(m, "web2").Entry(11, "app", "web2"))
            .Message(2, spec => spec
                .Message(1, port => port.Str(1, "80-8080").Str(2, "TCP").Varint(3, 80)
                    .Message(4, target => target.Varint(1, 0).Varint(2, 8080).Str(3, "")).Varint(5, 0))
                .Entry(2, "app", "web2")
                .Str(3, "").Str(4, "ClusterIP").Str(7, "").Str(8, "").Str(10, "").Str(11, "").Varint(12, 0).Bool(13, false))
            .Message(3, status => status.Empty(1)));

        AssertJson(ProtobufBody.Decode(body, ""), """
            {
              "apiVersion": "v1", "kind": "Service",
              "metadata": { "name": "web2", "labels": { "app": "web2" } },
              "spec": {
                "ports": [ { "name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080 } ],
                "selector": { "app": "web2" },
                "type": "ClusterIP"
              }
            }
            """);
    }

    /// <summary>The bodies kubectl v1.32.4 sent, read from its -v=10 request log.</summary>
    [TestCase("azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EsABCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEo4BCAISDAoKCgNhcHASA3dlYhp0ChwKABIAGgAiACoAMgA4AEIAWgoKA2F" +
        "wcBIDd2ViElQSNgoEZWNobxINY2hhb3NsYWIvZWNobyoAMgsKABAAGJA/IgAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==",
        """
        { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "web", "labels": { "app": "web" } },
          "spec": { "replicas": 2, "selector": { "matchLabels": { "app": "web" } },
                    "template": { "metadata": { "labels": { "app": "web" } },
                                  "spec": { "containers": [ { "name": "echo", "image": "chaoslab/echo", "ports": [ { "containerPort": 8080 } ] } ] } } } }
        """, TestName = "kubectl create deployment web --image=chaoslab/echo --port=8080 --replicas=2")]
    [TestCase("azhzAAoNCgJ2MRIHU2VydmljZRJsCiEKBHdlYjISABoAIgAqADIAOABCAFoLCgNhcHASBHdlYjISQwobCgc4MC04MDgwEgNUQ1AYUCIHCAAQkD8aACgAEgsKA2FwcBIEd2ViMhoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==",
        """
        { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "web2", "labels": { "app": "web2" } },
          "spec": { "ports": [ { "name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080 } ], "selector": { "app": "web2" }, "type": "ClusterIP" } }
        """, TestName = "kubectl create service clusterip web2 --tcp=80:8080")]
    public void A_body_captured_from_kubectl_decodes(string base64, string expected) =>
        AssertJson(ProtobufBody.Decode(Convert.FromBase64String(base64), ""), expected);

    [Test]
    public void A_pod_template_with_env_volumes_probes_and_scheduling_decodes_every_part()
    {
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(1, m => Meta(m, "full").Varint(7, 3).Message(8, t => t.Varint(1, 1_700_000_000)).Entry(12, "note", "x"))
            .Message(2, spec => spec
                .Varint(1, 0) // replicas: 0 is a pointer set to zero, not an absent field
                .Message(2, selector => selector
                    .Message(2, req => req.Str(1, "tier").Str(2, "In").Str(3, "web").Str(3, "api")))
                .Message(3, template => template.Message(2, PodSpec))
                .Message(4, strategy => strategy.Str(1, "RollingUpdate")
                    .Message(2, rolling => rolling
                        .Message(1, unavailable => unavailable.Varint(1, 0).Varint(2, 0))
                        .Message(2, surge => surge.Varint(1, 1).Str(3, "25%"))))
                .Varint(6, 10)));

        var pod = ProtobufBody.Decode(body, "")["spec"]!["template"]!["spec"]!;
        var spec = ProtobufBody.Decode(body, "")["spec"]!;

        Assert.Multiple(() =>
        {
            Assert.That(spec["replicas"]!.GetValue<int>(), Is.Zero);
            Assert.That(spec["revisionHistoryLimit"]!.GetValue<int>(), Is.EqualTo(10));
            AssertJson(spec["selector"], """{ "matchExpressions": [ { "key": "tier", "operator": "In", "values": [ "web", "api" ] } ] }""");
            AssertJson(spec["strategy"], """{ "type": "RollingUpdate", "rollingUpdate": { "maxUnavailable": 0, "maxSurge": "25%" } }""");
            AssertJson(pod["containers"]![0], """
                {
                  "name": "app", "image": "chaoslab/echo:1", "command": [ "/echo" ], "args": [ "--port", "" ],
                  "env": [
                    { "name": "PLAIN", "value": "v" },
                    { "name": "FROM_CM", "valueFrom": { "configMapKeyRef": { "name": "cfg", "key": "k", "optional": false } } },
                    { "name": "FROM_SECRET", "valueFrom": { "secretKeyRef": { "name": "sec", "key": "password" } } },
                    { "name": "POD_IP", "valueFrom": { "fieldRef": { "apiVersion": "v1", "fieldPath": "status.podIP" } } },
                    { "name": "CPU", "valueFrom": { "resourceFieldRef": { "resource": "limits.cpu", "divisor": "1m" } } }
                  ],
                  "envFrom": [ { "prefix": "CFG_", "configMapRef": { "name": "cfg" } }, { "secretRef": { "name": "sec", "optional": true } } ],
                  "resources": { "limits": { "cpu": "500m", "memory": "128Mi" }, "requests": { "cpu": "100m" } },
                  "volumeMounts": [ { "name": "scratch", "mountPath": "/scratch" }, { "name": "config", "readOnly": true, "mountPath": "/etc/app", "subPath": "app" } ],
                  "livenessProbe": { "httpGet": { "path": "/healthz", "port": 8080, "scheme": "HTTP", "httpHeaders": [ { "name": "X", "value": "1" } ] },
                                     "initialDelaySeconds": 5, "periodSeconds": 10, "failureThreshold": 3 },
                  "readinessProbe": { "tcpSocket": { "port": "http" }, "timeoutSeconds": 1 },
                  "startupProbe": { "grpc": { "port": 9000, "service": "" } },
                  "lifecycle": { "postStart": { "exec": { "command": [ "echo", "hi" ] } }, "preStop": { "sleep": { "seconds": 5 } } },
                  "securityContext": { "capabilities": { "add": [ "NET_ADMIN" ], "drop": [ "ALL" ] }, "runAsUser": 1000, "runAsNonRoot": false,
                                       "readOnlyRootFilesystem": true, "allowPrivilegeEscalation": false },
                  "ports": [ { "name": "http", "containerPort": 8080, "protocol": "TCP" } ]
                }
                """);
            AssertJson(pod["initContainers"], """[ { "name": "init", "image": "busybox" } ]""");
            AssertJson(pod["volumes"], """
                [
                  { "name": "scratch", "emptyDir": {} },
                  { "name": "sized", "emptyDir": { "medium": "Memory", "sizeLimit": "64Mi" } },
                  { "name": "host", "hostPath": { "path": "/var/log", "type": "Directory" } },
                  { "name": "config", "configMap": { "name": "cfg", "items": [ { "key": "app.yaml", "path": "app.yaml", "mode": 256 } ], "defaultMode": 420 } },
                  { "name": "creds", "secret": { "secretName": "sec", "optional": false } },
                  { "name": "data", "persistentVolumeClaim": { "claimName": "data" } },
                  { "name": "info", "downwardAPI": { "items": [ { "path": "labels", "fieldRef": { "fieldPath": "metadata.labels" } } ] } },
                  { "name": "all", "projected": { "sources": [
                      { "configMap": { "name": "cfg" } },
                      { "secret": { "name": "sec", "items": [ { "key": "a", "path": "b" } ] } },
                      { "serviceAccountToken": { "audience": "api", "expirationSeconds": 3600, "path": "token" } },
                      { "downwardAPI": { "items": [ { "path": "cpu", "resourceFieldRef": { "containerName": "app", "resource": "limits.cpu" } } ] } }
                  ] } }
                ]
                """);
            AssertJson(pod["securityContext"], """{ "runAsUser": 1000, "supplementalGroups": [ 5, 6, 7 ], "fsGroup": 2000, "sysctls": [ { "name": "net.core.somaxconn", "value": "1024" } ] }""");
            AssertJson(pod["nodeSelector"], """{ "disk": "ssd" }""");
            AssertJson(pod["affinity"], """
                {
                  "nodeAffinity": { "requiredDuringSchedulingIgnoredDuringExecution": { "nodeSelectorTerms": [
                    { "matchExpressions": [ { "key": "zone", "operator": "In", "values": [ "a" ] } ] } ] } },
                  "podAntiAffinity": { "preferredDuringSchedulingIgnoredDuringExecution": [
                    { "weight": 100, "podAffinityTerm": { "labelSelector": { "matchLabels": { "app": "web" } }, "topologyKey": "kubernetes.io/hostname" } } ] }
                }
                """);
            AssertJson(pod["tolerations"], """[ { "key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300 } ]""");
            AssertJson(pod["topologySpreadConstraints"], """
                [ { "maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule", "labelSelector": { "matchLabels": { "app": "web" } } } ]
                """);
            Assert.That(pod["priority"]!.GetValue<int>(), Is.EqualTo(-10), "a negative int32 arrives as a ten-byte varint");
            Assert.That(pod["terminationGracePeriodSeconds"]!.GetValue<long>(), Is.EqualTo(30));
            Assert.That(pod["automountServiceAccountToken"]!.GetValue<bool>(), Is.False, "a pointer bool set to false is kept");
        });
    }

    [Test]
    public void Object_meta_keeps_times_owner_references_and_finalizers()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c
            .Message(1, m => Meta(m, "cfg")
                .Str(3, "demo").Str(5, "u-1").Str(6, "42").Varint(7, 2)
                .Message(8, t => t.Varint(1, 1_700_000_000).Varint(2, 999_999_999))
                .Message(9, t => t.Varint(1, 0))
                .Varint(10, 0)
                .Message(13, o => o.Str(1, "Deployment").Str(3, "web").Str(4, "u-2").Str(5, "apps/v1").Bool(6, true).Bool(7, false))
                .Str(14, "example.com/keep"))
            .Entry(2, "key", "value").Entry(2, "empty", "")
            .Message(3, e => e.Str(1, "bin").Bytes(2, [0, 1, 2, 255])));

        AssertJson(ProtobufBody.Decode(body, ""), """
            {
              "apiVersion": "v1", "kind": "ConfigMap",
              "metadata": {
                "name": "cfg", "namespace": "demo", "uid": "u-1", "resourceVersion": "42", "generation": 2,
                "creationTimestamp": "2023-11-14T22:13:20Z", "deletionTimestamp": "1970-01-01T00:00:00Z", "deletionGracePeriodSeconds": 0,
                "ownerReferences": [ { "kind": "Deployment", "name": "web", "uid": "u-2", "apiVersion": "apps/v1", "controller": true, "blockOwnerDeletion": false } ],
                "finalizers": [ "example.com/keep" ]
              },
              "data": { "key": "value", "empty": "" },
              "binaryData": { "bin": "AAEC/w==" }
            }
            """);
    }

    [Test]
    public void A_secrets_bytes_become_base64()
    {
        var body = ProtoWriter.Envelope("v1", "Secret", s => s
            .Message(1, m => Meta(m, "sec"))
            .Message(2, e => e.Str(1, "password").Bytes(2, "s3cr3t"u8.ToArray()))
            .Str(3, "Opaque"));

        AssertJson(ProtobufBody.Decode(body, ""), """
            { "apiVersion": "v1", "kind": "Secret", "metadata": { "name": "sec" }, "data": { "password": "czNjcjN0" }, "type": "Opaque" }
            """);
    }

    [Test]
    public void A_lease_keeps_microsecond_times()
    {
        var body = ProtoWriter.Envelope("coordination.k8s.io/v1", "Lease", l => l
            .Message(1, m => Meta(m, "node-1").Str(3, "kube-node-lease"))
            .Message(2, spec => spec.Str(1, "node-1").Varint(2, 40)
                .Message(3, t => t.Varint(1, 1_700_000_000).Varint(2, 123_456_789))
                .Message(4, t => t.Varint(1, 1_700_000_001))
                .Varint(5, 0)));

        AssertJson(ProtobufBody.Decode(body, "")["spec"], """
            { "holderIdentity": "node-1", "leaseDurationSeconds": 40, "acquireTime": "2023-11-14T22:13:20.123456Z",
              "renewTime": "2023-11-14T22:13:21.000000Z", "leaseTransitions": 0 }
            """);
    }

    [Test]
    public void An_endpoint_slice_uses_its_own_port_numbering()
    {
        var body = ProtoWriter.Envelope("discovery.k8s.io/v1", "EndpointSlice", e => e
            .Message(1, m => Meta(m, "web-abc").Entry(11, "kubernetes.io/service-name", "web"))
            .Message(2, ep => ep.Str(1, "10.0.0.5")
                .Message(2, c => c.Bool(1, true).Bool(2, true).Bool(3, false))
                .Message(4, r => r.Str(1, "Pod").Str(2, "demo").Str(3, "web-1")).Str(6, "worker-1").Str(7, "a"))
            .Message(3, p => p.Str(1, "http").Str(2, "TCP").Varint(3, 8080))
            .Str(4, "IPv4"));

        AssertJson(ProtobufBody.Decode(body, ""), """
            {
              "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
              "metadata": { "name": "web-abc", "labels": { "kubernetes.io/service-name": "web" } },
              "endpoints": [ { "addresses": [ "10.0.0.5" ], "conditions": { "ready": true, "serving": true, "terminating": false },
                               "targetRef": { "kind": "Pod", "namespace": "demo", "name": "web-1" }, "nodeName": "worker-1", "zone": "a" } ],
              "ports": [ { "name": "http", "protocol": "TCP", "port": 8080 } ],
              "addressType": "IPv4"
            }
            """);
    }

    [Test]
    public void A_node_an_event_and_endpoints_decode()
    {
        var node = ProtoWriter.Envelope("v1", "Node", n => n
            .Message(1, m => Meta(m, "worker-1"))
            .Message(2, spec => spec.Str(1, "10.244.1.0/24").Bool(4, true)
                .Message(5, t => t.Str(1, "node.kubernetes.io/not-ready").Str(2, "").Str(3, "NoSchedule").Message(4, at => at.Varint(1, 1_700_000_000))))
            .Message(3, status => status
                .Message(1, e => e.Str(1, "cpu").Message(2, q => q.Str(1, "2")))
                .Message(4, c => c.Str(1, "Ready").Str(2, "True").Message(3, t => t.Varint(1, 1_700_000_000)).Str(5, "KubeletReady"))
                .Message(5, a => a.Str(1, "InternalIP").Str(2, "10.0.0.2"))));
        var ev = ProtoWriter.Envelope("v1", "Event", e => e
            .Message(1, m => Meta(m, "web.1").Str(3, "demo"))
            .Message(2, o => o.Str(1, "Pod").Str(2, "demo").Str(3, "web"))
            .Str(3, "Scheduled").Str(4, "assigned").Message(5, s => s.Str(1, "scheduler")).Empty(6).Empty(7).Varint(8, 1).Str(9, "Normal")
            .Message(10, t => t.Varint(1, 1_700_000_000).Varint(2, 5_000))
            .Str(14, "default-scheduler"));
        var endpoints = ProtoWriter.Envelope("v1", "Endpoints", e => e
            .Message(1, m => Meta(m, "web"))
            .Message(2, s => s.Message(1, a => a.Str(1, "10.0.0.5").Str(4, "worker-1")).Message(3, p => p.Str(1, "").Varint(2, 8080).Str(3, "TCP"))));

        Assert.Multiple(() =>
        {
            AssertJson(ProtobufBody.Decode(node, ""), """
                {
                  "apiVersion": "v1", "kind": "Node", "metadata": { "name": "worker-1" },
                  "spec": { "podCIDR": "10.244.1.0/24", "unschedulable": true,
                            "taints": [ { "key": "node.kubernetes.io/not-ready", "effect": "NoSchedule", "timeAdded": "2023-11-14T22:13:20Z" } ] },
                  "status": { "capacity": { "cpu": "2" },
                              "conditions": [ { "type": "Ready", "status": "True", "lastHeartbeatTime": "2023-11-14T22:13:20Z", "reason": "KubeletReady" } ],
                              "addresses": [ { "type": "InternalIP", "address": "10.0.0.2" } ] }
                }
                """);
            AssertJson(ProtobufBody.Decode(ev, ""), """
                {
                  "apiVersion": "v1", "kind": "Event", "metadata": { "name": "web.1", "namespace": "demo" },
                  "involvedObject": { "kind": "Pod", "namespace": "demo", "name": "web" }, "reason": "Scheduled", "message": "assigned",
                  "source": { "component": "scheduler" }, "count": 1, "type": "Normal", "eventTime": "2023-11-14T22:13:20.000005Z",
                  "reportingComponent": "default-scheduler"
                }
                """);
            AssertJson(ProtobufBody.Decode(endpoints, ""), """
                { "apiVersion": "v1", "kind": "Endpoints", "metadata": { "name": "web" },
                  "subsets": [ { "addresses": [ { "ip": "10.0.0.5", "nodeName": "worker-1" } ], "ports": [ { "port": 8080, "protocol": "TCP" } ] } ] }
                """);
        });
    }

    [Test]
    public void Subresource_bodies_and_delete_options_decode()
    {
        var eviction = ProtoWriter.Envelope("policy/v1", "Eviction", e => e
            .Message(1, m => Meta(m, "web-1").Str(3, "demo"))
            .Message(2, o => o.Varint(1, 0).Message(2, p => p.Str(1, "u-1")).Str(4, "Foreground").Str(5, "All")));
        var scale = ProtoWriter.Envelope("autoscaling/v1", "Scale", s => s
            .Message(1, m => Meta(m, "web")).Message(2, spec => spec.Varint(1, 3)).Message(3, status => status.Varint(1, 2).Str(2, "app=web")));
        var delete = ProtoWriter.Envelope("apps/v1", "DeleteOptions", o => o.Str(4, "Background"));

        Assert.Multiple(() =>
        {
            AssertJson(ProtobufBody.Decode(eviction, ""), """
                { "apiVersion": "policy/v1", "kind": "Eviction", "metadata": { "name": "web-1", "namespace": "demo" },
                  "deleteOptions": { "gracePeriodSeconds": 0, "preconditions": { "uid": "u-1" }, "propagationPolicy": "Foreground", "dryRun": [ "All" ] } }
                """);
            AssertJson(ProtobufBody.Decode(scale, ""), """
                { "apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": { "name": "web" }, "spec": { "replicas": 3 }, "status": { "replicas": 2, "selector": "app=web" } }
                """);
            AssertJson(ProtobufBody.Decode(delete, ""), """{ "apiVersion": "apps/v1", "kind": "DeleteOptions", "propagationPolicy": "Background" }""");
        });
    }

    [Test]
    public void A_cronjob_as_kubectl_create_cronjob_sends_it_decodes()
    {
        // kubectl create cronjob tick --image=busybox --schedule="*/5 * * * *" -- date
        var body = ProtoWriter.Envelope("batch/v1", "CronJob", c => c
            .Message(1, m => Meta(m, "tick"))
            .Message(2, spec => spec
                .Str(1, "*/5 * * * *").Str(3, "")
                .Message(5, jt => jt
                    .Message(1, m => Meta(m, "tick"))
                    .Message(2, job => job
                        .Message(6, template => template
                            .Message(1, m => Meta(m, ""))
                            .Message(2, pod => pod
                                .Message(2, ct => ct.Str(1, "tick").Str(2, "busybox").Str(3, "date").Empty(8).Str(13, "").Str(14, ""))
                                .Str(3, "OnFailure").Str(19, ""))))))
            .Message(3, _ => { }));

        AssertJson(ProtobufBody.Decode(body, ""), """
            {
              "apiVersion": "batch/v1", "kind": "CronJob", "metadata": { "name": "tick" },
              "spec": {
                "schedule": "*/5 * * * *",
                "jobTemplate": {
                  "metadata": { "name": "tick" },
                  "spec": { "template": { "spec": { "containers": [ { "name": "tick", "image": "busybox", "command": [ "date" ] } ],
                                                    "restartPolicy": "OnFailure" } } }
                }
              }
            }
            """);
    }

    [Test]
    public void A_role_binding_and_a_cluster_role_with_aggregation_decode()
    {
        // kubectl create role reader --verb=get,list --resource=pods; kubectl create rolebinding ... --user=alice
        var role = ProtoWriter.Envelope("rbac.authorization.k8s.io/v1", "Role", r => r
            .Message(1, m => Meta(m, "reader"))
            .Message(2, rule => rule.Str(1, "get").Str(1, "list").Str(2, "").Str(3, "pods")));
        var binding = ProtoWriter.Envelope("rbac.authorization.k8s.io/v1", "RoleBinding", b => b
            .Message(1, m => Meta(m, "reader"))
            .Message(2, s => s.Str(1, "User").Str(2, "rbac.authorization.k8s.io").Str(3, "alice").Str(4, ""))
            .Message(3, r => r.Str(1, "rbac.authorization.k8s.io").Str(2, "Role").Str(3, "reader")));
        var clusterRole = ProtoWriter.Envelope("rbac.authorization.k8s.io/v1", "ClusterRole", r => r
            .Message(1, m => Meta(m, "monitoring"))
            .Message(3, a => a.Message(1, sel => sel.Entry(1, "rbac.example.com/aggregate-to-monitoring", "true"))));

        Assert.Multiple(() =>
        {
            AssertJson(ProtobufBody.Decode(role, ""), """
                { "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": { "name": "reader" },
                  "rules": [ { "verbs": [ "get", "list" ], "apiGroups": [ "" ], "resources": [ "pods" ] } ] }
                """);
            AssertJson(ProtobufBody.Decode(binding, ""), """
                { "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": { "name": "reader" },
                  "subjects": [ { "kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "alice" } ],
                  "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader" } }
                """);
            AssertJson(ProtobufBody.Decode(clusterRole, ""), """
                { "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": { "name": "monitoring" },
                  "aggregationRule": { "clusterRoleSelectors": [ { "matchLabels": { "rbac.example.com/aggregate-to-monitoring": "true" } } ] } }
                """);
        });
    }

    [Test]
    public void A_controller_revisions_raw_data_stays_json_and_bad_json_is_refused()
    {
        var revision = ProtoWriter.Envelope("apps/v1", "ControllerRevision", r => r
            .Message(1, m => Meta(m, "web-7d4f"))
            .Message(2, raw => raw.Bytes(1, """{"spec":{"template":{"$patch":"replace"}}}"""u8.ToArray()))
            .Varint(3, 2));
        var empty = ProtoWriter.Envelope("apps/v1", "ControllerRevision", r => r.Message(1, m => Meta(m, "e")).Empty(2).Varint(3, 1));
        var broken = ProtoWriter.Envelope("apps/v1", "ControllerRevision", r => r.Message(2, raw => raw.Bytes(1, "{not json"u8.ToArray())));

        Assert.Multiple(() =>
        {
            AssertJson(ProtobufBody.Decode(revision, ""), """
                { "apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": { "name": "web-7d4f" },
                  "data": { "spec": { "template": { "$patch": "replace" } } }, "revision": 2 }
                """);
            AssertJson(ProtobufBody.Decode(empty, ""), """
                { "apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": { "name": "e" }, "revision": 1 }
                """);
            Assert.That(Assert.Throws<ApiException>(() => ProtobufBody.Decode(broken, ""))!.Code, Is.EqualTo(400));
        });
    }

    [Test]
    public void Review_extras_are_string_lists_and_disrupted_pods_a_map_of_times()
    {
        var review = ProtoWriter.Envelope("authorization.k8s.io/v1", "SubjectAccessReview", r => r
            .Message(1, m => Meta(m, ""))
            .Message(2, spec => spec
                .Message(1, a => a.Str(1, "demo").Str(2, "list").Str(3, "").Str(4, "").Str(5, "pods").Str(6, "").Str(7, ""))
                .Str(3, "alice").Str(4, "devs")
                .Message(5, e => e.Str(1, "scopes").Message(2, v => v.Str(1, "read").Str(1, "write")))
                .Str(6, "")));
        var pdb = ProtoWriter.Envelope("policy/v1", "PodDisruptionBudget", p => p
            .Message(1, m => Meta(m, "web"))
            .Message(2, spec => spec.Message(1, v => v.Varint(1, 1).Str(3, "50%")).Message(2, sel => sel.Entry(1, "app", "web")))
            .Message(3, status => status.Varint(1, 3)
                .Message(2, e => e.Str(1, "web-1").Message(2, t => t.Varint(1, 1_700_000_000)))
                .Varint(3, 1).Varint(4, 3).Varint(5, 2).Varint(6, 3)));
        var job = ProtoWriter.Envelope("batch/v1", "Job", j => j
            .Message(2, spec => spec.Message(11, policy => policy.Message(1, rule => rule
                .Str(1, "FailJob").Message(2, codes => codes.Str(2, "In").Packed(3, 42, 43).Varint(3, -1))))));

        Assert.Multiple(() =>
        {
            AssertJson(ProtobufBody.Decode(review, "")["spec"], """
                { "resourceAttributes": { "namespace": "demo", "verb": "list", "resource": "pods" }, "user": "alice", "groups": [ "devs" ],
                  "extra": { "scopes": [ "read", "write" ] } }
                """);
            AssertJson(ProtobufBody.Decode(pdb, ""), """
                { "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": { "name": "web" },
                  "spec": { "minAvailable": "50%", "selector": { "matchLabels": { "app": "web" } } },
                  "status": { "observedGeneration": 3, "disruptedPods": { "web-1": "2023-11-14T22:13:20Z" }, "disruptionsAllowed": 1,
                              "currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3 } }
                """);
            AssertJson(ProtobufBody.Decode(job, "")["spec"], """
                { "podFailurePolicy": { "rules": [ { "action": "FailJob", "onExitCodes": { "operator": "In", "values": [ 42, 43, -1 ] } } ] } }
                """);
        });
    }

    [Test]
    public void Unknown_fields_are_skipped_whatever_their_wire_type()
    {
        var body = ProtoWriter.Envelope("v1", "Namespace", n => n
            .Message(1, m => Meta(m, "ns").Varint(99, 7).Raw(0x9d, 0x06, 1, 2, 3, 4).Raw(0x99, 0x06, 1, 2, 3, 4, 5, 6, 7, 8).Str(98, "x"))
            .Message(2, spec => spec.Str(1, "kubernetes"))
            .Message(77, future => future.Str(1, "y")));

        AssertJson(ProtobufBody.Decode(body, ""), """
            { "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "ns" }, "spec": { "finalizers": [ "kubernetes" ] } }
            """);
    }

    [Test]
    public void Repeated_varints_may_be_packed_or_not_and_a_message_sent_twice_merges()
    {
        var body = ProtoWriter.Envelope("v1", "Pod", p => p
            .Message(1, m => Meta(m, "p"))
            .Message(2, spec => spec
                .Message(14, sc => sc.Varint(4, 1).Packed(4, 2, 3).Varint(4, -1))
                .Message(14, sc => sc.Varint(5, 2000))));

        AssertJson(ProtobufBody.Decode(body, "")["spec"], """{ "securityContext": { "supplementalGroups": [ 1, 2, 3, -1 ], "fsGroup": 2000 } }""");
    }

    [Test]
    public void A_scalar_sent_twice_takes_the_last_value()
    {
        var body = ProtoWriter.Envelope("v1", "ServiceAccount", s => s
            .Message(1, m => m.Str(1, "first").Str(1, "second").Varint(7, 5).Varint(7, 6))
            .Bool(4, true).Bool(4, false));

        AssertJson(ProtobufBody.Decode(body, ""), """
            { "apiVersion": "v1", "kind": "ServiceAccount", "metadata": { "name": "second", "generation": 6 }, "automountServiceAccountToken": false }
            """);
    }

    [Test]
    public void Every_served_kind_and_subresource_body_decodes()
    {
        foreach (var (apiVersion, kind) in new[]
        {
            ("v1", "Namespace"), ("v1", "Node"), ("v1", "Pod"), ("v1", "Service"), ("v1", "Endpoints"), ("v1", "Event"), ("v1", "ConfigMap"),
            ("v1", "Secret"), ("v1", "ServiceAccount"), ("v1", "Binding"), ("apps/v1", "Deployment"), ("apps/v1", "ReplicaSet"),
            ("discovery.k8s.io/v1", "EndpointSlice"), ("coordination.k8s.io/v1", "Lease"), ("policy/v1", "Eviction"), ("autoscaling/v1", "Scale"),
            ("v1", "DeleteOptions"), ("v1", "ReplicationController"), ("v1", "PodTemplate"), ("v1", "LimitRange"), ("v1", "ResourceQuota"),
            ("v1", "PersistentVolume"), ("v1", "PersistentVolumeClaim"), ("apps/v1", "DaemonSet"), ("apps/v1", "StatefulSet"),
            ("apps/v1", "ControllerRevision"), ("batch/v1", "Job"), ("batch/v1", "CronJob"), ("policy/v1", "PodDisruptionBudget"),
            ("autoscaling/v2", "HorizontalPodAutoscaler"), ("networking.k8s.io/v1", "Ingress"), ("networking.k8s.io/v1", "IngressClass"),
            ("networking.k8s.io/v1", "NetworkPolicy"), ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "RoleBinding"),
            ("rbac.authorization.k8s.io/v1", "ClusterRole"), ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
            ("storage.k8s.io/v1", "StorageClass"), ("scheduling.k8s.io/v1", "PriorityClass"), ("apiregistration.k8s.io/v1", "APIService"),
            ("authentication.k8s.io/v1", "TokenRequest"), ("authentication.k8s.io/v1", "TokenReview"),
            ("authentication.k8s.io/v1", "SelfSubjectReview"), ("authorization.k8s.io/v1", "SubjectAccessReview"),
            ("authorization.k8s.io/v1", "LocalSubjectAccessReview"), ("authorization.k8s.io/v1", "SelfSubjectAccessReview"),
            ("authorization.k8s.io/v1", "SelfSubjectRulesReview"),
        })
        {
            var obj = ProtobufBody.Decode(ProtoWriter.Envelope(apiVersion, kind, _ => { }), "");
            Assert.That((string?)obj["kind"], Is.EqualTo(kind));
        }
    }

    [Test]
    public void A_kind_this_server_does_not_serve_is_unsupported_media_type()
    {
        var body = ProtoWriter.Envelope("storage.k8s.io/v1", "CSIDriver", r => r.Message(1, m => Meta(m, "r")));

        var ex = Assert.Throws<ApiException>(() => ProtobufBody.Decode(body, ""))!;

        Assert.That((ex.Code, ex.Reason), Is.EqualTo((415, "UnsupportedMediaType")));
        Assert.That(ex.Message, Does.Contain("storage.k8s.io/v1/CSIDriver").And.Contain("application/json"));
    }

    [Test]
    public void A_role_binding_and_a_self_subject_access_review_decode_as_kubectl_sends_them()
    {
        var binding = ProtobufBody.Decode(ProtoWriter.Envelope("rbac.authorization.k8s.io/v1", "RoleBinding", r => r
            .Message(1, m => Meta(m, "carol-lists"))
            .Message(2, s => s.Str(1, "User").Str(2, "rbac.authorization.k8s.io").Str(3, "carol"))
            .Message(3, rr => rr.Str(1, "rbac.authorization.k8s.io").Str(2, "Role").Str(3, "pod-lister"))), "");
        Assert.That(binding["subjects"]!.ToJsonString(), Is.EqualTo("""[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"carol"}]"""));
        Assert.That((string?)binding["roleRef"]!["name"], Is.EqualTo("pod-lister"));

        var review = ProtobufBody.Decode(ProtoWriter.Envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", r => r
            .Message(1, m => { })
            .Message(2, s => s.Message(1, a => a.Str(1, "shop").Str(2, "list").Str(5, "pods")))), "");
        Assert.That(review["spec"]!.ToJsonString(), Is.EqualTo("""{"resourceAttributes":{"namespace":"shop","verb":"list","resource":"pods"}}"""));
    }

    private static IEnumerable<TestCaseData> Malformed()
    {
        static TestCaseData Case(string name, byte[] body) => new TestCaseData(body).SetArgDisplayNames(name);
        static byte[] Pod(Action<ProtoWriter> build) => ProtoWriter.Envelope("v1", "Pod", build);
        yield return Case("no envelope", "{}"u8.ToArray());
        yield return Case("truncated length", [.. "k8s\0"u8, 0x12, 0x10, 0x0a]);
        yield return Case("truncated varint", [.. "k8s\0"u8, 0x08, 0xff]);
        yield return Case("eleven-byte varint", [.. "k8s\0"u8, 0x08, .. Enumerable.Repeat((byte)0xff, 10), 0x01]);
        yield return Case("field number zero", Pod(p => p.Raw(0x02, 0x00)));
        yield return Case("group wire type", Pod(p => p.Raw(0x0b)));
        yield return Case("varint where a message belongs", Pod(p => p.Varint(2, 5)));
        yield return Case("string where a varint belongs", Pod(p => p.Message(2, s => s.Str(4, "30"))));
        yield return Case("bad nested length", Pod(p => p.Raw(0x12, 0x03, 0x12, 0x7f, 0x00)));
        yield return Case("bad map entry", Pod(p => p.Message(1, m => m.Message(11, e => e.Varint(1, 1)))));
        yield return Case("time past year 9999", Pod(p => p.Message(1, m => m.Message(8, t => t.Varint(1, long.MaxValue)))));
        yield return Case("negative time", Pod(p => p.Message(1, m => m.Message(8, t => t.Varint(1, -70_000_000_000)))));
        yield return Case("IntOrString of type 2", ProtoWriter.Envelope("v1", "Service", s => s
            .Message(2, spec => spec.Message(1, port => port.Message(4, t => t.Varint(1, 2))))));
        yield return Case("quantity as a varint", Pod(p => p.Message(2, s => s.Message(2, c => c.Message(8, r => r.Message(1, e => e.Str(1, "cpu").Varint(2, 1)))))));
        yield return Case("type meta as a varint", [.. "k8s\0"u8, 0x08, 0x01]);
    }

    [TestCaseSource(nameof(Malformed))]
    public void Malformed_bytes_are_a_bad_request(byte[] body)
    {
        var ex = Assert.Throws<ApiException>(() => ProtobufBody.Decode(body, "Pod"))!;

        Assert.That((ex.Code, ex.Reason), Is.EqualTo((400, "BadRequest")), ex.Message);
    }

    [Test]
    public void Random_corruption_of_a_real_body_is_a_bad_request_or_decodes_never_anything_else()
    {
        var original = ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(1, m => Meta(m, "web").Entry(11, "app", "web"))
            .Message(2, spec => spec.Varint(1, 2).Message(3, t => t.Message(2, PodSpec))));
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var body = original.ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                body[random.Next(4, body.Length)] = (byte)random.Next(256);
            }
            var cut = random.Next(2) == 0 ? body : body[..random.Next(4, body.Length)];
            try
            {
                ProtobufBody.Decode(cut, "");
            }
            catch (ApiException ex) when (ex.Code is 400 or 415)
            {
            }
        }
    }

    /// <summary>ObjectMeta as Go writes it: every plain string, the zero generation and an empty creationTimestamp.</summary>
    private static ProtoWriter Meta(ProtoWriter m, string name) =>
        m.Str(1, name).Str(2, "").Str(3, "").Str(4, "").Str(5, "").Str(6, "").Varint(7, 0).Empty(8);

    private static void PodSpec(ProtoWriter pod) => pod
        .Message(1, v => v.Str(1, "scratch").Message(2, src => src.Empty(2)))
        .Message(1, v => v.Str(1, "sized").Message(2, src => src.Message(2, e => e.Str(1, "Memory").Message(2, q => q.Str(1, "64Mi")))))
        .Message(1, v => v.Str(1, "host").Message(2, src => src.Message(1, h => h.Str(1, "/var/log").Str(2, "Directory"))))
        .Message(1, v => v.Str(1, "config").Message(2, src => src.Message(19, cm => cm
            .Message(1, r => r.Str(1, "cfg")).Message(2, k => k.Str(1, "app.yaml").Str(2, "app.yaml").Varint(3, 256)).Varint(3, 420))))
        .Message(1, v => v.Str(1, "creds").Message(2, src => src.Message(6, s => s.Str(1, "sec").Bool(4, false))))
        .Message(1, v => v.Str(1, "data").Message(2, src => src.Message(10, c => c.Str(1, "data").Bool(2, false))))
        .Message(1, v => v.Str(1, "info").Message(2, src => src.Message(16, d => d
            .Message(1, f => f.Str(1, "labels").Message(2, r => r.Str(1, "").Str(2, "metadata.labels"))))))
        .Message(1, v => v.Str(1, "all").Message(2, src => src.Message(26, p => p
            .Message(1, s => s.Message(3, cm => cm.Message(1, r => r.Str(1, "cfg"))))
            .Message(1, s => s.Message(1, sec => sec.Message(1, r => r.Str(1, "sec")).Message(2, k => k.Str(1, "a").Str(2, "b"))))
            .Message(1, s => s.Message(4, t => t.Str(1, "api").Varint(2, 3600).Str(3, "token")))
            .Message(1, s => s.Message(2, d => d.Message(1, f => f.Str(1, "cpu")
                .Message(3, r => r.Str(1, "app").Str(2, "limits.cpu").Empty(3))))))))
        .Message(2, Container)
        .Varint(4, 30)
        .Entry(7, "disk", "ssd")
        .Message(14, sc => sc.Varint(2, 1000).Varint(4, 5).Varint(4, 6).Varint(4, 7).Varint(5, 2000).Message(7, s => s.Str(1, "net.core.somaxconn").Str(2, "1024")))
        .Message(18, a => a
            .Message(1, na => na.Message(1, sel => sel.Message(1, term => term.Message(1, r => r.Str(1, "zone").Str(2, "In").Str(3, "a")))))
            .Message(3, anti => anti.Message(2, w => w.Varint(1, 100).Message(2, t => t
                .Message(1, sel => sel.Entry(1, "app", "web")).Str(3, "kubernetes.io/hostname")))))
        .Message(20, c => c.Str(1, "init").Str(2, "busybox"))
        .Bool(21, false)
        .Message(22, t => t.Str(1, "node.kubernetes.io/not-ready").Str(2, "Exists").Str(3, "").Str(4, "NoExecute").Varint(5, 300))
        .Varint(25, -10)
        .Message(33, t => t.Varint(1, 1).Str(2, "zone").Str(3, "DoNotSchedule").Message(4, sel => sel.Entry(1, "app", "web")));

    private static void Container(ProtoWriter c) => c
        .Str(1, "app").Str(2, "chaoslab/echo:1").Str(3, "/echo").Str(4, "--port").Str(4, "")
        .Message(6, p => p.Str(1, "http").Varint(3, 8080).Str(4, "TCP"))
        .Message(7, e => e.Str(1, "PLAIN").Str(2, "v"))
        .Message(7, e => e.Str(1, "FROM_CM").Message(3, s => s.Message(3, k => k.Message(1, r => r.Str(1, "cfg")).Str(2, "k").Bool(3, false))))
        .Message(7, e => e.Str(1, "FROM_SECRET").Message(3, s => s.Message(4, k => k.Message(1, r => r.Str(1, "sec")).Str(2, "password"))))
        .Message(7, e => e.Str(1, "POD_IP").Message(3, s => s.Message(1, f => f.Str(1, "v1").Str(2, "status.podIP"))))
        .Message(7, e => e.Str(1, "CPU").Message(3, s => s.Message(2, r => r.Str(1, "").Str(2, "limits.cpu").Message(3, q => q.Str(1, "1m")))))
        .Message(8, r => r
            .Message(1, e => e.Str(1, "cpu").Message(2, q => q.Str(1, "500m")))
            .Message(1, e => e.Str(1, "memory").Message(2, q => q.Str(1, "128Mi")))
            .Message(2, e => e.Str(1, "cpu").Message(2, q => q.Str(1, "100m"))))
        .Message(9, m => m.Str(1, "scratch").Bool(2, false).Str(3, "/scratch"))
        .Message(9, m => m.Str(1, "config").Bool(2, true).Str(3, "/etc/app").Str(4, "app"))
        .Message(10, p => p
            .Message(1, h => h.Message(2, g => g.Str(1, "/healthz").Message(2, port => port.Varint(1, 0).Varint(2, 8080)).Str(4, "HTTP")
                .Message(5, hh => hh.Str(1, "X").Str(2, "1"))))
            .Varint(2, 5).Varint(3, 0).Varint(4, 10).Varint(5, 0).Varint(6, 3))
        .Message(11, p => p.Message(1, h => h.Message(3, t => t.Message(1, port => port.Varint(1, 1).Str(3, "http")))).Varint(3, 1))
        .Message(12, l => l
            .Message(1, h => h.Message(1, e => e.Str(1, "echo").Str(1, "hi")))
            .Message(2, h => h.Message(4, s => s.Varint(1, 5))))
        .Message(15, s => s
            .Message(1, cap => cap.Str(1, "NET_ADMIN").Str(2, "ALL"))
            .Varint(4, 1000).Bool(5, false).Bool(6, true).Bool(7, false))
        .Message(19, e => e.Str(1, "CFG_").Message(2, r => r.Message(1, l => l.Str(1, "cfg"))))
        .Message(19, e => e.Str(1, "").Message(3, r => r.Message(1, l => l.Str(1, "sec")).Bool(2, true)))
        .Message(22, p => p.Message(1, h => h.Message(4, g => g.Varint(1, 9000).Str(2, ""))));

    private static void AssertJson(JsonNode? actual, string expected)
    {
        var want = JsonNode.Parse(expected);
        Assert.That(JsonNode.DeepEquals(actual, want), Is.True, $"expected\n{want?.ToJsonString()}\nbut got\n{actual?.ToJsonString()}");
    }
}
