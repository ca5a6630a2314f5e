using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security;
using ChaosLab.ApiServer.Tests.Security.Rbac;
using Microsoft.AspNetCore.Http;
using static ChaosLab.ApiServer.Tests.Security.Rbac.RbacObjects;

namespace ChaosLab.ApiServer.Tests.Security;

[Category("Unit")]
public sealed class ImpersonationTests
{
    private static readonly RequestUser Admin = new("kubernetes-admin", ["system:masters", "system:authenticated"]);
    private static readonly RequestUser Alice = new("alice", ["system:authenticated"]);

    private static readonly Authorizer Authorizer = BootstrapAuthorizer.Create(
        ClusterRole("impersonate-bob", """[{"verbs":["impersonate"],"apiGroups":[""],"resources":["users"],"resourceNames":["bob"]}]"""),
        ClusterRoleBinding("alice-as-bob", "impersonate-bob", """[{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"}]"""));

    private static HeaderDictionary Headers(params (string, string[])[] headers)
    {
        var dict = new HeaderDictionary();
        foreach (var (name, values) in headers)
        {
            dict[name] = values;
        }
        return dict;
    }

    [Test]
    public async Task An_admin_may_act_as_a_user_with_groups_and_the_user_is_authenticated()
    {
        var headers = Headers(("Impersonate-User", ["bob"]), ("Impersonate-Group", ["devs", "ops"]));

        Assert.That(Impersonation.Requested(headers), Is.True);
        var user = await Impersonation.ImpersonateAsync(Admin, headers, Authorizer, CancellationToken.None);
        Assert.That((user.Name, user.Groups), Is.EqualTo(("bob", (IReadOnlyList<string>)["devs", "ops", "system:authenticated"])));
    }

    [Test]
    public async Task A_service_account_gets_its_groups()
    {
        var user = await Impersonation.ImpersonateAsync(Admin, Headers(("Impersonate-User", ["system:serviceaccount:shop:robot"])), Authorizer, CancellationToken.None);

        Assert.That(user.Groups, Is.EqualTo(new[] { "system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated" }));
    }

    [Test]
    public void Impersonation_needs_the_impersonate_verb_on_each_thing_asked_for()
    {
        Assert.That(() => Impersonation.ImpersonateAsync(Alice, Headers(("Impersonate-User", ["bob"])), Authorizer, CancellationToken.None), Throws.Nothing);
        var group = Assert.ThrowsAsync<ApiException>(() => Impersonation.ImpersonateAsync(Alice, Headers(("Impersonate-User", ["bob"]), ("Impersonate-Group", ["system:masters"])), Authorizer, CancellationToken.None))!;
        Assert.That((group.Code, group.Message), Is.EqualTo((403, "groups \"system:masters\" is forbidden: User \"alice\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope")));
        var other = Assert.ThrowsAsync<ApiException>(() => Impersonation.ImpersonateAsync(Alice, Headers(("Impersonate-User", ["carol"])), Authorizer, CancellationToken.None))!;
        Assert.That(other.Message, Does.StartWith("users \"carol\" is forbidden"));
        Assert.That(() => Impersonation.ImpersonateAsync(Admin, Headers(("Impersonate-Group", ["x"])), Authorizer, CancellationToken.None),
            Throws.InstanceOf<ApiException>().With.Property("Code").EqualTo(400));
    }
}
