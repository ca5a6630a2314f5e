using ChaosLab.Kubelet.Pods;
using ChaosLab.Kubelet.Tests.Support;
using k8s.Models;

namespace ChaosLab.Kubelet.Tests.Pods;

[Category("Unit")]
public sealed class ContainerEnvironmentTests
{
    private static readonly DownwardApi.PodRuntimeFields Fields = new("10.244.1.5", "172.18.0.2", "node-1");

    private FakeReferencedObjects _objects = null!;
    private List<V1Service> _services = null!;

    [SetUp]
    public void Reset()
    {
        _objects = new FakeReferencedObjects();
        _services = [];
    }

    [Test]
    public async Task EnvFrom_takes_every_key_of_a_configmap_and_a_secret_with_their_prefix()
    {
        _objects.AddConfigMap("app", new() { ["MODE"] = "fast", ["LEVEL"] = "3" }).AddSecret("db", new() { ["USER"] = "admin", ["PASSWORD"] = "s3cret" });
        var container = Container(envFrom:
        [
            new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "app" } },
            new V1EnvFromSource { Prefix = "DB_", SecretRef = new V1SecretEnvSource { Name = "db" } },
        ]);

        var env = await BuildAsync(container);

        Assert.That(env, Does.ContainKey("MODE").WithValue("fast"));
        Assert.That(env, Does.ContainKey("LEVEL").WithValue("3"));
        Assert.That(env, Does.ContainKey("DB_USER").WithValue("admin"));
        Assert.That(env, Does.ContainKey("DB_PASSWORD").WithValue("s3cret"));
        Assert.That(env, Does.Not.ContainKey("USER"));
    }

    [Test]
    public async Task Env_comes_after_envFrom_and_a_later_variable_replaces_an_earlier_one()
    {
        _objects.AddConfigMap("app", new() { ["MODE"] = "from-configmap", ["KEPT"] = "yes" }).AddConfigMap("later", new() { ["KEPT"] = "later" });
        var container = Container(
            envFrom:
            [
                new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "app" } },
                new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "later" } },
            ],
            env: [Env("MODE", "from-env"), Env("TWICE", "first"), Env("TWICE", "second")]);

        var env = await BuildAsync(container);

        Assert.That(env, Does.ContainKey("MODE").WithValue("from-env"));
        Assert.That(env, Does.ContainKey("KEPT").WithValue("later"), "a later envFrom source replaces an earlier one");
        Assert.That(env, Does.ContainKey("TWICE").WithValue("second"));
    }

    [Test]
    public async Task A_reference_expands_against_what_is_defined_above_it_and_stays_literal_otherwise()
    {
        _objects.AddConfigMap("app", new() { ["HOST"] = "db.local" });
        var container = Container(
            envFrom: [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "app" } }],
            env:
            [
                Env("PORT_NUMBER", "5432"),
                Env("URL", "postgres://$(HOST):$(PORT_NUMBER)/$(DATABASE)"),
                Env("DATABASE", "orders"),
                Env("ESCAPED", "$$(HOST)"),
                Env("POD", "$(POD_NAME)"),
            ]);

        var env = await BuildAsync(container);

        Assert.That(env, Does.ContainKey("URL").WithValue("postgres://db.local:5432/$(DATABASE)"), "DATABASE is defined after URL");
        Assert.That(env, Does.ContainKey("ESCAPED").WithValue("$(HOST)"));
        Assert.That(env, Does.ContainKey("POD").WithValue("web"));
    }

    [Test]
    public async Task Values_from_envFrom_and_valueFrom_are_not_expanded()
    {
        _objects.AddConfigMap("app", new() { ["RAW"] = "$(NAME)", ["NAME"] = "x" });
        var container = Container(
            envFrom: [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "app" } }],
            env: [new V1EnvVar { Name = "FROM_KEY", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "app", Key = "RAW" } } }]);

        var env = await BuildAsync(container);

        Assert.That(env, Does.ContainKey("RAW").WithValue("$(NAME)"));
        Assert.That(env, Does.ContainKey("FROM_KEY").WithValue("$(NAME)"));
    }

    [Test]
    public async Task An_env_without_value_or_valueFrom_is_empty()
    {
        var env = await BuildAsync(Container(env: [new V1EnvVar { Name = "EMPTY" }]));

        Assert.That(env, Does.ContainKey("EMPTY").WithValue(""));
    }

    [Test]
    public async Task ConfigMapKeyRef_and_secretKeyRef_take_one_key()
    {
        _objects.AddConfigMap("app", new() { ["mode"] = "fast" }).AddSecret("db", new() { ["password"] = "s3cret" });
        var container = Container(env: [ConfigMapKey("MODE", "app", "mode"), SecretKey("PASSWORD", "db", "password")]);

        var env = await BuildAsync(container);

        Assert.That(env, Does.ContainKey("MODE").WithValue("fast"));
        Assert.That(env, Does.ContainKey("PASSWORD").WithValue("s3cret"));
    }

    [Test]
    public void A_missing_key_fails_the_container_in_upstreams_words()
    {
        _objects.AddConfigMap("app", new() { ["mode"] = "fast" }).AddSecret("db", new() { ["password"] = "s3cret" });

        var configMap = Assert.ThrowsAsync<ContainerConfigException>(() => BuildAsync(Container(env: [ConfigMapKey("X", "app", "missing")])))!;
        var secret = Assert.ThrowsAsync<ContainerConfigException>(() => BuildAsync(Container(env: [SecretKey("X", "db", "missing")])))!;

        Assert.That(configMap.Message, Is.EqualTo("couldn't find key missing in ConfigMap default/app"));
        Assert.That(secret.Message, Is.EqualTo("couldn't find key missing in Secret default/db"));
    }

    [Test]
    public void A_missing_object_fails_the_container_in_upstreams_words()
    {
        var configMap = Assert.ThrowsAsync<ContainerConfigException>(() => BuildAsync(Container(env: [ConfigMapKey("X", "app", "mode")])))!;
        var secret = Assert.ThrowsAsync<ContainerConfigException>(() => BuildAsync(Container(env: [SecretKey("X", "db", "password")])))!;
        var envFrom = Assert.ThrowsAsync<ContainerConfigException>(() =>
            BuildAsync(Container(envFrom: [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "db" } }])))!;

        Assert.That(configMap.Message, Is.EqualTo("configmap \"app\" not found"));
        Assert.That(secret.Message, Is.EqualTo("secret \"db\" not found"));
        Assert.That(envFrom.Message, Is.EqualTo("secret \"db\" not found"));
    }

    [Test]
    public async Task An_optional_reference_to_what_is_not_there_leaves_the_variable_out()
    {
        _objects.AddConfigMap("app", new() { ["mode"] = "fast" });
        var container = Container(
            envFrom:
            [
                new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "gone", Optional = true } },
                new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "gone", Optional = true } },
            ],
            env:
            [
                Env("MISSING_KEY", "earlier"),
                ConfigMapKey("MISSING_KEY", "app", "nope", optional: true),
                ConfigMapKey("MISSING_MAP", "gone", "mode", optional: true),
                SecretKey("MISSING_SECRET", "gone", "password", optional: true),
                ConfigMapKey("PRESENT", "app", "mode", optional: true),
            ]);

        var env = await BuildAsync(container);

        Assert.That(env, Does.ContainKey("MISSING_KEY").WithValue("earlier"), "a skipped variable does not replace an earlier one");
        Assert.That(env, Does.Not.ContainKey("MISSING_MAP").And.Not.ContainKey("MISSING_SECRET"));
        Assert.That(env, Does.ContainKey("PRESENT").WithValue("fast"));
    }

    [Test]
    public void An_optional_reference_does_not_excuse_a_later_required_one_to_the_same_missing_object()
    {
        var container = Container(env: [ConfigMapKey("A", "gone", "k", optional: true), ConfigMapKey("B", "gone", "k")]);

        var ex = Assert.ThrowsAsync<ContainerConfigException>(() => BuildAsync(container))!;

        Assert.That(ex.Message, Is.EqualTo("configmap \"gone\" not found"));
    }

    [Test]
    public void Optional_tolerates_only_not_found_and_a_refused_read_fails_with_the_api_servers_message()
    {
        _objects.AddConfigMap("app", new() { ["mode"] = "fast" });
        _objects.Refused.Add("default/app");

        var ex = Assert.ThrowsAsync<ContainerConfigException>(() => BuildAsync(Container(env: [ConfigMapKey("A", "app", "mode", optional: true)])))!;

        Assert.That(ex.Message, Does.StartWith("configmaps \"app\" is forbidden"));
    }

    [Test]
    public async Task Each_object_is_read_once_per_container()
    {
        _objects.AddConfigMap("app", new() { ["a"] = "1", ["b"] = "2" });
        var container = Container(
            envFrom: [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "app" } }],
            env: [ConfigMapKey("A", "app", "a"), ConfigMapKey("B", "app", "b")]);

        await BuildAsync(container);

        Assert.That(_objects.Reads, Is.EqualTo(new[] { "configmap default/app" }));
    }

    [Test]
    public async Task FieldRef_gives_the_pods_fields_and_what_only_the_kubelet_knows()
    {
        var container = Container(env:
        [
            Field("NAME", "metadata.name"),
            Field("NAMESPACE", "metadata.namespace"),
            Field("UID", "metadata.uid"),
            Field("IP", "status.podIP"),
            Field("HOST_IP", "status.hostIP"),
            Field("NODE", "spec.nodeName"),
            Field("ACCOUNT", "spec.serviceAccountName"),
            Field("APP", "metadata.labels['app']"),
            Field("NOTE", "metadata.annotations['note']"),
        ]);

        var env = await BuildAsync(container);

        Assert.That(
            new[] { "NAME", "NAMESPACE", "UID", "IP", "HOST_IP", "NODE", "ACCOUNT", "APP", "NOTE" }.Select(k => env[k]),
            Is.EqualTo(new[] { "web", "default", "uid-1", "10.244.1.5", "172.18.0.2", "node-1", "builder", "shop", "hello" }));
    }

    [Test]
    public void An_unsupported_fieldPath_fails_the_container()
    {
        var ex = Assert.ThrowsAsync<ContainerConfigException>(() => BuildAsync(Container(env: [Field("X", "spec.containers")])))!;

        Assert.That(ex.Message, Is.EqualTo("unsupported fieldPath: spec.containers"));
    }

    [TestCase("limits.memory", "1Mi", "64")]
    [TestCase("limits.memory", null, "67108864")]
    [TestCase("requests.memory", "1Ki", "97657")] // 100M / 1Ki = 97656.25, rounded up
    [TestCase("limits.cpu", "1m", "500")]
    [TestCase("limits.cpu", null, "1")] // 500m in whole cores, rounded up
    [TestCase("requests.cpu", "1m", "250")]
    [TestCase("requests.ephemeral-storage", null, "0")] // not requested
    public async Task ResourceFieldRef_divides_by_the_divisor_and_rounds_up(string resource, string? divisor, string expected)
    {
        var container = Container(env:
        [
            new V1EnvVar
            {
                Name = "R",
                ValueFrom = new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { Resource = resource, Divisor = divisor is null ? null : new ResourceQuantity(divisor) } },
            },
        ]);
        container.Resources = new V1ResourceRequirements
        {
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi"), ["cpu"] = new("500m") },
            Requests = new Dictionary<string, ResourceQuantity> { ["memory"] = new("100M"), ["cpu"] = new("250m") },
        };

        var env = await BuildAsync(container);

        Assert.That(env, Does.ContainKey("R").WithValue(expected));
    }

    [Test]
    public async Task ResourceFieldRef_may_name_another_container_of_the_pod()
    {
        var sidecar = new V1Container
        {
            Name = "sidecar", Image = "x",
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("32Mi") } },
        };
        var container = Container(env:
        [
            new V1EnvVar
            {
                Name = "SIDECAR_MEMORY",
                ValueFrom = new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "sidecar", Resource = "limits.memory", Divisor = new ResourceQuantity("1Mi") } },
            },
        ]);
        var pod = Pod(container);
        pod.Spec.Containers.Add(sidecar);

        var env = await ContainerEnvironment.BuildAsync(pod, container, Fields, _services, _objects, CancellationToken.None);

        Assert.That(env, Does.ContainKey("SIDECAR_MEMORY").WithValue("32"));
    }

    [Test]
    public async Task Services_of_the_pods_namespace_give_upstreams_variables()
    {
        _services.Add(Service("default", "redis-primary", "10.96.0.20", new V1ServicePort { Port = 6379 }, new V1ServicePort { Name = "metrics", Port = 9121, Protocol = "TCP" }));
        _services.Add(Service("default", "dns", "10.96.0.10", new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP" }));

        var env = await BuildAsync(Container());

        var expected = new Dictionary<string, string>
        {
            ["REDIS_PRIMARY_SERVICE_HOST"] = "10.96.0.20",
            ["REDIS_PRIMARY_SERVICE_PORT"] = "6379",
            ["REDIS_PRIMARY_SERVICE_PORT_METRICS"] = "9121",
            ["REDIS_PRIMARY_PORT"] = "tcp://10.96.0.20:6379",
            ["REDIS_PRIMARY_PORT_6379_TCP"] = "tcp://10.96.0.20:6379",
            ["REDIS_PRIMARY_PORT_6379_TCP_PROTO"] = "tcp",
            ["REDIS_PRIMARY_PORT_6379_TCP_PORT"] = "6379",
            ["REDIS_PRIMARY_PORT_6379_TCP_ADDR"] = "10.96.0.20",
            ["REDIS_PRIMARY_PORT_9121_TCP"] = "tcp://10.96.0.20:9121",
            ["REDIS_PRIMARY_PORT_9121_TCP_PROTO"] = "tcp",
            ["REDIS_PRIMARY_PORT_9121_TCP_PORT"] = "9121",
            ["REDIS_PRIMARY_PORT_9121_TCP_ADDR"] = "10.96.0.20",
            ["DNS_SERVICE_HOST"] = "10.96.0.10",
            ["DNS_SERVICE_PORT"] = "53",
            ["DNS_SERVICE_PORT_DNS"] = "53",
            ["DNS_PORT"] = "udp://10.96.0.10:53",
            ["DNS_PORT_53_UDP"] = "udp://10.96.0.10:53",
            ["DNS_PORT_53_UDP_PROTO"] = "udp",
            ["DNS_PORT_53_UDP_PORT"] = "53",
            ["DNS_PORT_53_UDP_ADDR"] = "10.96.0.10",
        };
        Assert.That(env.Where(p => p.Key.StartsWith("REDIS_", StringComparison.Ordinal) || p.Key.StartsWith("DNS_", StringComparison.Ordinal)),
            Is.EquivalentTo(expected));
    }

    [Test]
    public async Task An_ipv6_service_address_is_bracketed_in_its_urls()
    {
        _services.Add(Service("default", "web", "fd00::10", new V1ServicePort { Port = 80 }));

        var env = await BuildAsync(Container());

        Assert.That(env, Does.ContainKey("WEB_PORT").WithValue("tcp://[fd00::10]:80"));
        Assert.That(env, Does.ContainKey("WEB_SERVICE_HOST").WithValue("fd00::10"));
    }

    [Test]
    public async Task Service_variables_only_fill_in_what_the_container_does_not_set()
    {
        _services.Add(Service("default", "db", "10.96.0.30", new V1ServicePort { Port = 5432 }));
        var container = Container(env: [Env("DB_SERVICE_HOST", "my-own-db"), Env("DB_URL", "$(DB_SERVICE_HOST):$(DB_SERVICE_PORT)")]);

        var env = await BuildAsync(container);

        Assert.That(env, Does.ContainKey("DB_SERVICE_HOST").WithValue("my-own-db"));
        Assert.That(env, Does.ContainKey("DB_SERVICE_PORT").WithValue("5432"));
        Assert.That(env, Does.ContainKey("DB_URL").WithValue("my-own-db:5432"), "a reference prefers the container's own variable");
    }

    [Test]
    public async Task Services_elsewhere_headless_ones_and_those_without_an_address_give_nothing()
    {
        _services.Add(Service("other", "elsewhere", "10.96.0.40", new V1ServicePort { Port = 80 }));
        _services.Add(Service("default", "headless", "None", new V1ServicePort { Port = 80 }));
        _services.Add(Service("default", "pending", "", new V1ServicePort { Port = 80 }));

        var env = await BuildAsync(Container());

        Assert.That(env.Keys, Has.None.StartsWith("ELSEWHERE_").And.None.StartsWith("HEADLESS_").And.None.StartsWith("PENDING_"));
    }

    [Test]
    public async Task The_api_servers_kubernetes_service_reaches_every_namespace_even_without_service_links()
    {
        _services.Add(Service("default", "kubernetes", "10.96.0.1", new V1ServicePort { Name = "https", Port = 443 }));
        _services.Add(Service("shop", "cart", "10.96.0.50", new V1ServicePort { Port = 80 }));
        var container = Container();
        var pod = Pod(container, ns: "shop");
        pod.Spec.EnableServiceLinks = false;

        var env = await ContainerEnvironment.BuildAsync(pod, container, Fields, _services, _objects, CancellationToken.None);

        Assert.That(env, Does.ContainKey("KUBERNETES_SERVICE_HOST").WithValue("10.96.0.1"));
        Assert.That(env, Does.ContainKey("KUBERNETES_SERVICE_PORT").WithValue("443"));
        Assert.That(env, Does.ContainKey("KUBERNETES_PORT_443_TCP_ADDR").WithValue("10.96.0.1"));
        Assert.That(env.Keys, Has.None.StartsWith("CART_"), "enableServiceLinks: false leaves out the namespace's own services");
    }

    [Test]
    public async Task A_service_of_the_pods_namespace_wins_over_the_default_kubernetes_service_of_the_same_name()
    {
        _services.Add(Service("shop", "kubernetes", "10.96.0.99", new V1ServicePort { Port = 8443 }));
        _services.Add(Service("default", "kubernetes", "10.96.0.1", new V1ServicePort { Name = "https", Port = 443 }));
        var container = Container();

        var env = await ContainerEnvironment.BuildAsync(Pod(container, ns: "shop"), container, Fields, _services, _objects, CancellationToken.None);

        Assert.That(env, Does.ContainKey("KUBERNETES_SERVICE_HOST").WithValue("10.96.0.99"));
    }

    [Test]
    public async Task The_labs_pod_variables_are_defaults_the_container_can_replace()
    {
        var container = Container(env: [Env("HOSTNAME", "custom")]);
        container.Ports = [new V1ContainerPort { ContainerPort = 8080 }];

        var env = await BuildAsync(container);

        Assert.That(env, Does.ContainKey("POD_NAME").WithValue("web"));
        Assert.That(env, Does.ContainKey("POD_IP").WithValue("10.244.1.5"));
        Assert.That(env, Does.ContainKey("NODE_NAME").WithValue("node-1"));
        Assert.That(env, Does.ContainKey("PORT").WithValue("8080"));
        Assert.That(env, Does.ContainKey("HOSTNAME").WithValue("custom"));
    }

    private Task<Dictionary<string, string>> BuildAsync(V1Container container) =>
        ContainerEnvironment.BuildAsync(Pod(container), container, Fields, _services, _objects, CancellationToken.None);

    private static V1Container Container(IList<V1EnvFromSource>? envFrom = null, IList<V1EnvVar>? env = null) =>
        new() { Name = "app", Image = "chaoslab/echo", EnvFrom = envFrom, Env = env };

    private static V1Pod Pod(V1Container container, string ns = "default") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web", NamespaceProperty = ns, Uid = "uid-1",
            Labels = new Dictionary<string, string> { ["app"] = "shop" },
            Annotations = new Dictionary<string, string> { ["note"] = "hello" },
        },
        Spec = new V1PodSpec { Containers = [container], NodeName = "node-1", ServiceAccountName = "builder" },
    };

    private static V1Service Service(string ns, string name, string clusterIp, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec { ClusterIP = clusterIp, Ports = ports },
    };

    private static V1EnvVar Env(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar Field(string name, string path) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };

    private static V1EnvVar ConfigMapKey(string name, string configMap, string key, bool? optional = null) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = configMap, Key = key, Optional = optional } } };

    private static V1EnvVar SecretKey(string name, string secret, string key, bool? optional = null) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key, Optional = optional } } };
}
