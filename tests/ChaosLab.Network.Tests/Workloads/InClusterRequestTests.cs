using ChaosLab.Workloads.InCluster;

namespace ChaosLab.Network.Tests.Workloads;

[Category("Unit")]
public sealed class InClusterRequestTests
{
    [Test]
    public void Kube_get_is_a_GET_of_the_path()
    {
        var call = InClusterRequest.Parse(["kube-get", "/api/v1/namespaces/shop/pods"]);

        Assert.That(call, Is.EqualTo(new InClusterRequest.Call(HttpMethod.Get, "/api/v1/namespaces/shop/pods", null)));
    }

    [Test]
    public void Kube_post_is_a_POST_of_the_JSON_to_the_path()
    {
        var call = InClusterRequest.Parse(["kube-post", "/api/v1/namespaces/shop/pods", """{"kind":"Pod"}"""]);

        Assert.That(call, Is.EqualTo(new InClusterRequest.Call(HttpMethod.Post, "/api/v1/namespaces/shop/pods", """{"kind":"Pod"}""")));
    }

    [TestCase("kube-get")]
    [TestCase("kube-get", "api/v1/pods")]
    [TestCase("kube-get", "/api/v1/pods", "extra")]
    [TestCase("kube-post", "/api/v1/pods")]
    [TestCase("kube-put", "/api/v1/pods", "{}")]
    public void Anything_else_is_not_a_call(params string[] args)
    {
        Assert.That(InClusterRequest.Parse(args), Is.Null);
    }

    [Test]
    public void The_config_names_the_projected_files_and_brackets_an_IPv6_host()
    {
        var config = new InClusterConfig("fd00::1", "443", InClusterConfig.DefaultCredentialsDirectory);

        Assert.That(config.BaseAddress, Is.EqualTo(new Uri("https://[fd00::1]:443")));
        Assert.That(new InClusterConfig("10.96.0.1", "443", "/sa").BaseAddress, Is.EqualTo(new Uri("https://10.96.0.1:443")));
        Assert.That((config.TokenFile, config.CaFile, config.NamespaceFile), Is.EqualTo((
            "/var/run/secrets/kubernetes.io/serviceaccount/token",
            "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace")));
    }

    [Test]
    public void A_pod_is_in_cluster_with_the_service_variables_and_a_token()
    {
        var dir = Directory.CreateTempSubdirectory("chaoslab-sa-").FullName;
        try
        {
            static string? Pod(string name) => name switch
            {
                "KUBERNETES_SERVICE_HOST" => "10.96.0.1",
                "KUBERNETES_SERVICE_PORT" => "443",
                _ => null,
            };
            var noToken = Assert.Throws<InvalidOperationException>(() => InClusterConfig.FromEnvironment(dir, Pod));
            Assert.That(noToken.Message, Does.Contain("no service account token"));

            File.WriteAllText(Path.Combine(dir, "token"), "a.b.c");
            Assert.That(InClusterConfig.FromEnvironment(dir, Pod), Is.EqualTo(new InClusterConfig("10.96.0.1", "443", dir)));

            var outside = Assert.Throws<InvalidOperationException>(() => InClusterConfig.FromEnvironment(dir, _ => null));
            Assert.That(outside.Message, Does.Contain("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
