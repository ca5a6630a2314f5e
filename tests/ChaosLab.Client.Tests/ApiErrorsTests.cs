using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace ChaosLab.Client.Tests;

[Category("Unit")]
public sealed class ApiErrorsTests
{
    [Test]
    public void A_403_for_a_terminating_namespace_is_recognised_by_its_cause_or_its_message()
    {
        var byCause = Failure(HttpStatusCode.Forbidden, "forbidden", """{"causes":[{"reason":"NamespaceTerminating","field":"metadata.namespace"}]}""");
        var byMessage = Failure(HttpStatusCode.Forbidden,
            "configmaps \"x\" is forbidden: unable to create new content in namespace team-a because it is being terminated");

        Assert.That(ApiErrors.IsNamespaceTerminating(byCause), Is.True);
        Assert.That(ApiErrors.IsNamespaceTerminating(byMessage), Is.True);
    }

    [Test]
    public void Other_refusals_are_not_a_terminating_namespace()
    {
        Assert.That(ApiErrors.IsNamespaceTerminating(Failure(HttpStatusCode.Forbidden, "User \"x\" cannot create resource \"configmaps\"")), Is.False);
        Assert.That(ApiErrors.IsNamespaceTerminating(Failure(HttpStatusCode.Conflict, "because it is being terminated")), Is.False);
        Assert.That(ApiErrors.IsNamespaceTerminating(new HttpRequestException("refused")), Is.False);
    }

    /// <summary>A failed request as KubernetesClient reports it, with the API server's Status as the body.</summary>
    private static HttpOperationException Failure(HttpStatusCode code, string message, string details = "{}")
    {
        var status = $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","code":{{(int)code}},"message":{{JsonSerializer.Serialize(message)}},"details":{{details}}}""";
        using var response = new HttpResponseMessage(code);
        return new HttpOperationException(message) { Response = new HttpResponseMessageWrapper(response, status) };
    }
}
