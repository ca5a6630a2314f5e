using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Rest;

namespace ChaosLab.ApiServer.Tests.Rest;

[Category("Unit")]
public sealed class CollectionReaderTests
{
    // The request is refused before storage is read: no etcd is needed.
    private static readonly CollectionReader Lists = new(null!);
    private static readonly ResourceType ConfigMaps = ResourceCatalog.Find("", "v1", "configmaps")!;

    [TestCase("5")]
    [TestCase("garbage")]
    public void A_continue_token_with_a_resource_version_is_a_bad_request_as_upstream_answers(string resourceVersion)
    {
        var token = ContinueToken.Encode(42, $"{ConfigMaps.StoragePrefix}default/b");

        var ex = Assert.ThrowsAsync<ApiException>(() => Lists.ListAsync(ConfigMaps, "default", Options(token, resourceVersion), CancellationToken.None))!;

        Assert.That((ex.Code, ex.Message), Is.EqualTo((400, "specifying resource version is not allowed when using continue")));
    }

    private static ListOptions Options(string token, string resourceVersion) =>
        new(null, null, 1, token, resourceVersion, null, false, false, null, null);
}
