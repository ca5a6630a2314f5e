using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Admission;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Admission;

[Category("Unit")]
public sealed class ServiceAccountAdmissionTests
{
    private static readonly ResourceType Pods = ResourceCatalog.Find("", "v1", "pods")!;
    private readonly Dictionary<string, JsonObject> _accounts = [];
    private int _reads;

    [SetUp]
    public void Accounts()
    {
        _accounts.Clear();
        _reads = 0;
        _accounts["shop/default"] = new JsonObject();
        _accounts["shop/robot"] = new JsonObject();
        _accounts["shop/quiet"] = new JsonObject { ["automountServiceAccountToken"] = false };
    }

    [Test]
    public async Task A_pod_runs_as_default_and_every_container_mounts_the_api_access_volume()
    {
        var pod = Pod("""{"containers":[{"name":"a","image":"x"},{"name":"b","image":"x"}],"initContainers":[{"name":"i","image":"x"}]}""");
        await Admission().AdmitAsync(Attributes(pod), default);

        var spec = pod["spec"]!;
        Assert.That((string?)spec["serviceAccountName"], Is.EqualTo("default"));
        var volume = spec["volumes"]!.AsArray().Single()!;
        var name = (string)volume["name"]!;
        Assert.That(name, Does.Match("^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$"));
        var sources = volume["projected"]!["sources"]!.AsArray();
        Assert.That((long?)sources[0]!["serviceAccountToken"]!["expirationSeconds"], Is.EqualTo(3607));
        Assert.That((string?)sources[0]!["serviceAccountToken"]!["path"], Is.EqualTo("token"));
        Assert.That((string?)sources[1]!["configMap"]!["name"], Is.EqualTo("kube-root-ca.crt"));
        Assert.That((string?)sources[1]!["configMap"]!["items"]![0]!["path"], Is.EqualTo("ca.crt"));
        Assert.That((string?)sources[2]!["downwardAPI"]!["items"]![0]!["fieldRef"]!["fieldPath"], Is.EqualTo("metadata.namespace"));
        Assert.That((int?)volume["projected"]!["defaultMode"], Is.EqualTo(420));
        foreach (var container in spec["containers"]!.AsArray().Concat(spec["initContainers"]!.AsArray()))
        {
            var mount = container!["volumeMounts"]!.AsArray().Single()!;
            Assert.That(((string?)mount["name"], (string?)mount["mountPath"], (bool?)mount["readOnly"]),
                Is.EqualTo((name, "/var/run/secrets/kubernetes.io/serviceaccount", (bool?)true)));
        }
    }

    [Test]
    public async Task A_container_with_its_own_mount_at_the_path_keeps_it()
    {
        var pod = Pod("""{"serviceAccountName":"robot","containers":[{"name":"a","volumeMounts":[{"name":"mine","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}],"volumes":[{"name":"mine","emptyDir":{}}]}""");
        await Admission().AdmitAsync(Attributes(pod), default);

        Assert.That(pod["spec"]!["volumes"]!.AsArray(), Has.Count.EqualTo(1), "no container needs the token volume");
        Assert.That((string?)pod["spec"]!["containers"]![0]!["volumeMounts"]![0]!["name"], Is.EqualTo("mine"));
    }

    [TestCase("""{"serviceAccountName":"quiet","containers":[{"name":"a"}]}""", TestName = "The service account opts out")]
    [TestCase("""{"automountServiceAccountToken":false,"containers":[{"name":"a"}]}""", TestName = "The pod opts out")]
    public async Task No_token_is_mounted_when_automount_is_off(string spec)
    {
        var pod = Pod(spec);
        await Admission().AdmitAsync(Attributes(pod), default);
        Assert.That(pod["spec"]!["volumes"], Is.Null);
    }

    [Test]
    public async Task The_pod_setting_wins_over_its_service_account()
    {
        var pod = Pod("""{"serviceAccountName":"quiet","automountServiceAccountToken":true,"containers":[{"name":"a"}]}""");
        await Admission().AdmitAsync(Attributes(pod), default);
        Assert.That(pod["spec"]!["volumes"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_missing_service_account_is_403_and_the_default_one_is_looked_for_again()
    {
        var ex = Assert.ThrowsAsync<ApiException>(() => Admission().AdmitAsync(Attributes(Pod("""{"serviceAccountName":"nobody","containers":[]}""")), default))!;
        Assert.That((ex.Code, ex.Message), Is.EqualTo((403, "pods \"p\" is forbidden: error looking up service account shop/nobody: serviceaccount \"nobody\" not found")));
        Assert.That(_reads, Is.EqualTo(1));

        _accounts.Remove("shop/default");
        _reads = 0;
        Assert.ThrowsAsync<ApiException>(() => Admission().AdmitAsync(Attributes(Pod("""{"containers":[]}""")), default));
        Assert.That(_reads, Is.EqualTo(10));
    }

    [Test]
    public async Task Updates_and_other_kinds_are_left_alone()
    {
        var pod = Pod("""{"containers":[{"name":"a"}]}""");
        await Admission().AdmitAsync(new AdmissionAttributes(AdmissionOperation.Update, Pods, null, "shop", "p", pod, pod, RequestUser.System), default);
        Assert.That(pod["spec"]!["serviceAccountName"], Is.Null);
    }

    private ServiceAccountAdmission Admission() => new((_, ns, name, _) =>
    {
        _reads++;
        return Task.FromResult(_accounts.TryGetValue($"{ns}/{name}", out var sa) ? (JsonObject?)sa.DeepClone().AsObject() : null);
    }, retryInterval: TimeSpan.Zero);

    private static JsonObject Pod(string spec) => new() { ["metadata"] = new JsonObject { ["name"] = "p" }, ["spec"] = JsonNode.Parse(spec) };

    private static AdmissionAttributes Attributes(JsonObject pod) => new(AdmissionOperation.Create, Pods, null, "shop", "p", pod, null, RequestUser.System);
}
