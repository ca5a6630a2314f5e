using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security.Reviews;
using ChaosLab.ApiServer.Tests.Security.Rbac;
using static ChaosLab.ApiServer.Tests.Security.Rbac.RbacObjects;

namespace ChaosLab.ApiServer.Tests.Security.Reviews;

[Category("Unit")]
public sealed class AccessReviewTests
{
    private static readonly RequestUser Alice = new("alice", ["system:authenticated"]);

    private static readonly ChaosLab.ApiServer.Security.Authorizer Authorizer = BootstrapAuthorizer.Create(
        Role("shop", "pod-reader", """[{"verbs":["list"],"apiGroups":[""],"resources":["pods"]}]"""),
        RoleBinding("shop", "alice-reads", "Role", "pod-reader", """[{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"}]"""));

    private static Task<JsonObject> Review(string kind, string spec, RequestUser? caller = null, string? ns = null) =>
        AccessReview.ReviewAsync(JsonNode.Parse($$"""{"spec":{{spec}}}""")!.AsObject(), kind, caller ?? Alice, ns, Authorizer, CancellationToken.None);

    [Test]
    public async Task A_self_review_answers_for_the_caller()
    {
        var yes = await Review("SelfSubjectAccessReview", """{"resourceAttributes":{"namespace":"shop","verb":"list","resource":"pods"}}""");
        var no = await Review("SelfSubjectAccessReview", """{"resourceAttributes":{"namespace":"default","verb":"list","resource":"pods"}}""");

        Assert.That((bool?)yes["status"]!["allowed"], Is.True);
        Assert.That((string?)yes["status"]!["reason"], Is.EqualTo("RBAC: allowed by RoleBinding \"alice-reads/shop\" of Role \"pod-reader\" to User \"alice\""));
        Assert.That((bool?)no["status"]!["allowed"], Is.False);
    }

    [Test]
    public async Task A_subject_review_answers_for_the_user_in_its_spec()
    {
        var review = await Review("SubjectAccessReview", """{"user":"alice","resourceAttributes":{"namespace":"shop","verb":"list","resource":"pods"}}""",
            caller: new RequestUser("kubernetes-admin", ["system:masters"]));
        Assert.That((bool?)review["status"]!["allowed"], Is.True);

        var path = await Review("SubjectAccessReview", """{"user":"alice","groups":["system:authenticated"],"nonResourceAttributes":{"path":"/metrics","verb":"get"}}""");
        Assert.That((bool?)path["status"]!["allowed"], Is.False);
    }

    [Test]
    public void Bad_specs_are_422_or_400_as_upstream()
    {
        var neither = Assert.ThrowsAsync<ApiException>(() => Review("SelfSubjectAccessReview", "{}"))!;
        Assert.That((neither.Code, neither.Details!.Causes.Single().Field), Is.EqualTo((422, "spec.resourceAttributes")));
        var nobody = Assert.ThrowsAsync<ApiException>(() => Review("SubjectAccessReview", """{"resourceAttributes":{"verb":"get","resource":"pods"}}"""))!;
        Assert.That(nobody.Details!.Causes.Single().Message, Is.EqualTo("Invalid value: \"\": at least one of user or group must be specified"));
        var elsewhere = Assert.ThrowsAsync<ApiException>(() => Review("LocalSubjectAccessReview", """{"user":"alice","resourceAttributes":{"namespace":"other","verb":"get","resource":"pods"}}""", ns: "shop"))!;
        Assert.That((elsewhere.Code, elsewhere.Message), Is.EqualTo((400, "spec.resourceAttributes.namespace must match namespace: shop")));
    }

    [Test]
    public void A_rules_review_lists_the_callers_rules_in_the_namespace()
    {
        var review = RulesReview.Review(JsonNode.Parse("""{"spec":{"namespace":"shop"}}""")!.AsObject(), Alice, Authorizer.Rbac);
        var resources = review["status"]!["resourceRules"]!.AsArray().Select(r => string.Join(",", r!["resources"]!.AsArray().Select(x => (string?)x))).ToList();

        Assert.That(resources, Does.Contain("pods").And.Contain("selfsubjectaccessreviews,selfsubjectrulesreviews"));
        Assert.That(review["status"]!["nonResourceRules"]!.AsArray(), Is.Not.Empty);
        Assert.That((bool?)review["status"]!["incomplete"], Is.False);
        Assert.That(() => RulesReview.Review(JsonNode.Parse("""{"spec":{}}""")!.AsObject(), Alice, Authorizer.Rbac), Throws.InstanceOf<ApiException>().With.Property("Code").EqualTo(400));
    }

    [Test]
    public void Identity_reviews_tell_who_the_caller_or_a_token_is()
    {
        var self = IdentityReview.SelfSubject(new JsonObject(), Alice);
        Assert.That((string?)self["status"]!["userInfo"]!["username"], Is.EqualTo("alice"));

        var known = IdentityReview.Token(JsonNode.Parse("""{"spec":{"token":"abc"}}""")!.AsObject(), t => t == "abc" ? Alice : null);
        var unknown = IdentityReview.Token(JsonNode.Parse("""{"spec":{"token":"zzz"}}""")!.AsObject(), t => t == "abc" ? Alice : null);
        Assert.That(((bool?)known["status"]!["authenticated"], (string?)known["status"]!["user"]!["username"]), Is.EqualTo(((bool?)true, "alice")));
        Assert.That((bool?)unknown["status"]!["authenticated"], Is.Null);
    }
}
