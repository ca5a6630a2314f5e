using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Rest;

[Category("Unit")]
public sealed class ContinueTokenTests
{
    [Test]
    public void A_token_carries_the_revision_and_start_key()
    {
        var token = ContinueToken.Encode(42, "/registry/pods/default/web-7");

        Assert.That(ContinueToken.Decode(token, "/registry/pods/default/"), Is.EqualTo((42L, "/registry/pods/default/web-7")));
    }

    [TestCase("garbage!")]
    [TestCase("")]
    public void Garbage_is_a_bad_request(string token) =>
        Assert.That(() => ContinueToken.Decode(token, "/registry/pods/"), Throws.InstanceOf<ApiException>().With.Property("Code").EqualTo(400));

    [TestCase("{\"V\":\"meta.k8s.io/v1\",\"Rv\":366}")]
    [TestCase("{\"V\":\"meta.k8s.io/v1\",\"Rv\":366,\"Start\":null}")]
    [TestCase("{}")]
    public void A_token_without_a_start_key_is_a_bad_request(string json)
    {
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.That(() => ContinueToken.Decode(token, "/registry/pods/"), Throws.InstanceOf<ApiException>().With.Property("Code").EqualTo(400));
    }

    [Test]
    public void A_token_of_another_list_is_refused()
    {
        var token = ContinueToken.Encode(42, "/registry/secrets/default/x");
        Assert.That(() => ContinueToken.Decode(token, "/registry/pods/"), Throws.InstanceOf<ApiException>());
    }
}
