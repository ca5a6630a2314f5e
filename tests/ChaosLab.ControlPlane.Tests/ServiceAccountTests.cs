using ChaosLab.Lab;
using k8s;
using k8s.Models;

namespace ChaosLab.ControlPlane.Tests;

/// <summary>
/// Issue 13: every namespace gets its <c>default</c> ServiceAccount and the <c>kube-root-ca.crt</c> ConfigMap with
/// the cluster CA from the controller manager, at once for a new namespace, and again when either is deleted.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ServiceAccountTests
{
    // The controllers react to the namespace's watch event within milliseconds; clients that wait for the
    // default ServiceAccount (kubectl create job, helm) give it seconds.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private const string Ns = "service-accounts";

    private Kubernetes _client = null!;
    private string _clusterCa = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        (var lab, _client) = await HaCluster.GetAsync();
        _clusterCa = await File.ReadAllTextAsync(Path.Combine(LabPaths.For(lab.Name).Pki, "ca.crt"));
    }

    [OneTimeTearDown]
    public void Dispose() => _client?.Dispose();

    [Test, Order(1)]
    public async Task A_new_namespace_gets_its_default_ServiceAccount_and_the_cluster_CA_within_the_bound()
    {
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });

        var elapsed = await Eventually.UntilAsync($"ServiceAccount {Ns}/default", Bound, async () =>
        {
            var found = (await _client.CoreV1.ListNamespacedServiceAccountAsync(Ns)).Items.Any(sa => sa.Metadata.Name == "default");
            return (found, found ? "present" : "absent");
        });
        TestContext.Progress.WriteLine($"default ServiceAccount after {elapsed.TotalSeconds:0.00} s");
        await Eventually.UntilAsync($"ConfigMap {Ns}/kube-root-ca.crt", Bound, async () =>
        {
            var cm = (await _client.CoreV1.ListNamespacedConfigMapAsync(Ns)).Items.SingleOrDefault(c => c.Metadata.Name == "kube-root-ca.crt");
            return (cm is not null, cm is null ? "absent" : "present");
        });

        var published = await _client.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", Ns);
        Assert.That(published.Data, Is.EqualTo(new Dictionary<string, string> { ["ca.crt"] = _clusterCa }));
        Assert.That(published.Metadata.Annotations?["kubernetes.io/description"], Does.StartWith("Contains a CA bundle"));
    }

    [Test, Order(2)]
    public async Task Deleting_either_brings_it_back_and_a_changed_CA_is_restored()
    {
        var before = await _client.CoreV1.ReadNamespacedServiceAccountAsync("default", Ns);
        await _client.CoreV1.DeleteNamespacedServiceAccountAsync("default", Ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("kube-root-ca.crt", Ns);

        await Eventually.UntilAsync("a new default ServiceAccount", Bound, async () =>
        {
            var sa = (await _client.CoreV1.ListNamespacedServiceAccountAsync(Ns)).Items.SingleOrDefault(s => s.Metadata.Name == "default");
            return (sa is not null && sa.Metadata.Uid != before.Metadata.Uid, sa?.Metadata.Uid ?? "absent");
        });
        await Eventually.UntilAsync("kube-root-ca.crt published again", Bound, async () =>
        {
            var cm = (await _client.CoreV1.ListNamespacedConfigMapAsync(Ns)).Items.SingleOrDefault(c => c.Metadata.Name == "kube-root-ca.crt");
            return (cm?.Data?["ca.crt"] == _clusterCa, cm is null ? "absent" : "present");
        });

        var cm = await _client.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", Ns);
        cm.Data["ca.crt"] = "not the cluster CA";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "kube-root-ca.crt", Ns);
        await Eventually.UntilAsync("the cluster CA restored", Bound, async () =>
        {
            var data = (await _client.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", Ns)).Data;
            return (data["ca.crt"] == _clusterCa, data["ca.crt"].Length > 40 ? data["ca.crt"][..40] : data["ca.crt"]);
        });
    }

    [Test, Order(3)]
    public async Task Every_namespace_has_a_default_ServiceAccount_and_the_CA()
    {
        var namespaces = (await _client.CoreV1.ListNamespaceAsync()).Items.Where(n => n.Status?.Phase == "Active").Select(n => n.Metadata.Name).ToList();

        await Eventually.UntilAsync("a default ServiceAccount and kube-root-ca.crt in every namespace", Bound, async () =>
        {
            var accounts = (await _client.CoreV1.ListServiceAccountForAllNamespacesAsync(fieldSelector: "metadata.name=default")).Items;
            var configMaps = (await _client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.name=kube-root-ca.crt")).Items;
            var lacking = namespaces
                .Where(ns => !accounts.Any(a => a.Metadata.NamespaceProperty == ns) || !configMaps.Any(c => c.Metadata.NamespaceProperty == ns))
                .ToList();
            return (lacking.Count == 0, "lacking: " + string.Join(", ", lacking));
        });
        Assert.That(namespaces, Is.SupersetOf(new[] { "default", "kube-system", "kube-node-lease" }));
    }
}
