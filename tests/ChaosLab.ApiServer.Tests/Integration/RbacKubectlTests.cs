using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Tests.Support;
using CliWrap;
using CliWrap.Buffered;

namespace ChaosLab.ApiServer.Tests.Integration;

/// <summary>
/// RBAC end to end with the real kubectl (1.32): roles and bindings created through the API decide what a user or
/// ServiceAccount may do (acting as them with --as, which the admin may), `auth can-i` and `auth whoami` answer from
/// the review APIs, escalation is refused, and the controller manager fills the aggregated view role.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class RbacKubectlTests
{
    private const string Ns = "rbac-demo";
    private const string Other = "rbac-other";
    private const string Robot = "system:serviceaccount:rbac-demo:robot";
    private string _kubeconfig = "";
    private string _cacheDir = "";

    [OneTimeSetUp]
    public async Task BringUp()
    {
        await SharedLab.GetAsync();
        _kubeconfig = SharedLab.Paths.Kubeconfig;
        _cacheDir = Directory.CreateTempSubdirectory("kubectl-rbac-").FullName;
        await Ok("create", "namespace", Ns);
        await Ok("create", "namespace", Other);
        await Ok("create", "role", "pod-lister", "--verb=list", "--resource=pods", "-n", Ns);
        await Ok("create", "rolebinding", "carol-lists", "--role=pod-lister", "--user=carol", "-n", Ns);
        await Ok("create", "rolebinding", "robot-lists", "--role=pod-lister", $"--serviceaccount={Ns}:robot", "-n", Ns);
        await Ok("create", "role", "rbac-manager", "--verb=create,get,list,update,delete", "--resource=roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io", "-n", Ns);
        await Ok("create", "rolebinding", "carol-manages", "--role=rbac-manager", "--user=carol", "-n", Ns);
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        await Kubectl("delete", "namespace", Ns, Other, "--wait=false");
        Directory.Delete(_cacheDir, recursive: true);
    }

    private async Task<BufferedCommandResult> Kubectl(params string[] args)
    {
        var result = await Cli.Wrap("kubectl").WithArguments(["--kubeconfig", _kubeconfig, "--cache-dir", _cacheDir, "--request-timeout=30s", .. args])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        await TestContext.Progress.WriteLineAsync($"$ kubectl {string.Join(' ', args)} → {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    private async Task<string> Ok(params string[] args)
    {
        var result = await Kubectl(args);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl {string.Join(' ', args)} failed:\n{result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>`kubectl auth can-i` until it gives <paramref name="expected"/>: bindings reach the authorizer through a watch, a few ms behind the write.</summary>
    private async Task CanI(string expected, params string[] args)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        BufferedCommandResult result;
        do
        {
            result = await Kubectl(["auth", "can-i", .. args]);
            if (result.StandardOutput.Trim() == expected)
            {
                break;
            }
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.That(result.StandardOutput.Trim(), Is.EqualTo(expected), $"can-i {string.Join(' ', args)}: {result.StandardError}");
        Assert.That(result.ExitCode, Is.EqualTo(expected == "yes" ? 0 : 1));
    }

    [Test, Order(1)]
    public async Task Whoami_tells_who_the_server_takes_the_caller_for()
    {
        var me = JsonNode.Parse(await Ok("auth", "whoami", "-o", "json"))!;
        Assert.That((string?)me["status"]!["userInfo"]!["username"], Is.EqualTo("kubernetes-admin"));
        Assert.That(me["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => (string?)g), Does.Contain("system:masters").And.Contain("system:authenticated"));

        var carol = await Ok("auth", "whoami", "--as=carol", "--as-group=devs");
        Assert.That(carol, Does.Contain("carol").And.Contain("devs").And.Contain("system:authenticated"));
    }

    [Test, Order(2)]
    public async Task Can_i_answers_yes_only_for_what_the_role_grants_in_its_namespace()
    {
        await CanI("yes", "list", "pods", "-n", Ns, "--as=carol");
        await CanI("no", "delete", "pods", "-n", Ns, "--as=carol");
        await CanI("no", "list", "pods", "-n", Other, "--as=carol");
        await CanI("no", "list", "pods", "--all-namespaces", "--as=carol");
        await CanI("yes", "delete", "pods", "-n", Other);

        var list = await Ok("auth", "can-i", "--list", "-n", Ns, "--as=carol");
        Assert.That(list, Does.Match(@"pods\s+\[\]\s+\[\]\s+\[list\]"));
        Assert.That(list, Does.Contain("selfsubjectaccessreviews.authorization.k8s.io"));
    }

    [Test, Order(3)]
    public async Task A_service_account_bound_to_list_pods_lists_them_in_its_namespace_and_nothing_else()
    {
        await CanI("yes", "list", "pods", "-n", Ns, $"--as={Robot}");
        Assert.That(await Ok("get", "pods", "-n", Ns, $"--as={Robot}"), Is.Empty.Or.Contains("NAME"));

        var elsewhere = await Kubectl("get", "pods", "-n", Other, $"--as={Robot}");
        Assert.That(elsewhere.ExitCode, Is.Not.Zero);
        Assert.That(elsewhere.StandardError, Does.Contain($"pods is forbidden: User \"{Robot}\" cannot list resource \"pods\" in API group \"\" in the namespace \"{Other}\""));
        var secrets = await Kubectl("get", "secrets", "-n", Ns, $"--as={Robot}");
        Assert.That(secrets.StandardError, Does.Contain($"User \"{Robot}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{Ns}\""));
        var deployments = await Kubectl("get", "deployments", "-n", Ns, $"--as={Robot}");
        Assert.That(deployments.StandardError, Does.Contain("cannot list resource \"deployments\" in API group \"apps\""));
    }

    [Test, Order(4)]
    public async Task Granting_what_one_does_not_hold_is_refused()
    {
        await CanI("yes", "create", "roles", "-n", Ns, "--as=carol");
        Assert.That(await Ok("create", "role", "small", "--verb=list", "--resource=pods", "-n", Ns, "--as=carol"), Does.Contain("created"));

        var big = await Kubectl("create", "role", "big", "--verb=delete", "--resource=pods", "-n", Ns, "--as=carol");
        Assert.That(big.ExitCode, Is.Not.Zero);
        Assert.That(big.StandardError, Does.Contain("roles.rbac.authorization.k8s.io \"big\" is forbidden: user \"carol\"")
            .And.Contain("is attempting to grant RBAC permissions not currently held")
            .And.Contain("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}"));

        var admin = await Kubectl("create", "rolebinding", "carol-admin", "--clusterrole=admin", "--user=carol", "-n", Ns, "--as=carol");
        Assert.That(admin.ExitCode, Is.Not.Zero);
        Assert.That(admin.StandardError, Does.Contain("is attempting to grant RBAC permissions not currently held"));
    }

    [Test, Order(5)]
    public async Task Bootstrap_roles_exist_and_the_view_role_is_aggregated_by_the_controller_manager()
    {
        var roles = await Ok("get", "clusterroles", "-o", "name");
        Assert.That(roles, Does.Contain("clusterrole.rbac.authorization.k8s.io/cluster-admin").And.Contain("system:kube-scheduler").And.Contain("system:node-proxier"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var rules = "";
        while (DateTime.UtcNow < deadline && !rules.Contains("endpointslices", StringComparison.Ordinal))
        {
            rules = await Ok("get", "clusterrole", "view", "-o", "jsonpath={.rules}");
            await Task.Delay(500);
        }
        Assert.That(rules, Does.Contain("endpointslices").And.Contain("pods/log"));
        await Ok("create", "rolebinding", "dave-views", "--clusterrole=view", "--user=dave", "-n", Ns);
        await CanI("yes", "get", "deployments.apps", "-n", Ns, "--as=dave");
        await CanI("no", "get", "secrets", "-n", Ns, "--as=dave");
    }
}
