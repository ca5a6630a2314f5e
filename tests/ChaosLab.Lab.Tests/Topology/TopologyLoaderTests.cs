using ChaosLab.TestSupport;
using System.Net;
using ChaosLab.Lab.Topology;

namespace ChaosLab.Lab.Tests.Topology;

[TestFixture]
[Category("Unit")]
public sealed class TopologyLoaderTests
{
    private const string SourceFile = "test.yaml";

    [Test]
    public void SingleTopologyHasOneControlPlaneAndTwoWorkers()
    {
        var spec = LoadShipped("single.yaml");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(spec.Name, Is.EqualTo("single"));
            Assert.That(spec.Profile, Is.EqualTo(TimingProfile.Fast));
            Assert.That(NodeNames(spec), Is.EqualTo("cp-1 worker-1 worker-2"));
            Assert.That(spec.Etcd, Is.EqualTo(new EtcdSpec(EtcdLayout.Stacked, 1)));
            Assert.That(EtcdNodeNames(spec), Is.EqualTo("cp-1"));
            Assert.That(spec.Network.NodeSubnet, Is.Null);
        }
    }

    [Test]
    public void HaTopologyHasThreeStackedControlPlanesBehindALoadBalancer()
    {
        var spec = LoadShipped("ha.yaml");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(spec.Name, Is.EqualTo("ha"));
            Assert.That(spec.Profile, Is.EqualTo(TimingProfile.Fast));
            Assert.That(NodeNames(spec), Is.EqualTo("cp-1 cp-2 cp-3 lb worker-1 worker-2 worker-3"));
            Assert.That(spec.Etcd, Is.EqualTo(new EtcdSpec(EtcdLayout.Stacked, 3)));
            Assert.That(EtcdNodeNames(spec), Is.EqualTo("cp-1 cp-2 cp-3"));
            Assert.That(spec.Network.NodeSubnet, Is.Null);
        }
    }

    [Test]
    public void HaExternalEtcdTopologyHasFiveEtcdNodes()
    {
        var spec = LoadShipped("ha-external-etcd.yaml");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(spec.Name, Is.EqualTo("ha-external-etcd"));
            Assert.That(spec.Profile, Is.EqualTo(TimingProfile.Fast));
            Assert.That(NodeNames(spec),
                Is.EqualTo("cp-1 cp-2 cp-3 etcd-1 etcd-2 etcd-3 etcd-4 etcd-5 lb worker-1 worker-2 worker-3"));
            Assert.That(spec.Etcd, Is.EqualTo(new EtcdSpec(EtcdLayout.External, 5)));
            Assert.That(EtcdNodeNames(spec), Is.EqualTo("etcd-1 etcd-2 etcd-3 etcd-4 etcd-5"));
            Assert.That(spec.Network.NodeSubnet, Is.Null);
        }
    }

    [Test]
    public void EveryFieldIsRead()
    {
        var spec = TopologyLoader.Parse("""
            name: full-1
            profile: kubernetes
            nodes:
              control-plane: 3
              worker: 1
              lb: 1
            etcd:
              layout: stacked
              members: 3
            network:
              nodeSubnet: 172.30.7.0/28
              podSubnet: 10.200.0.0/16
              serviceSubnet: 10.100.0.0/24
              nodePodCidrPrefix: 26
            components:
              kube-scheduler:
                command: /opt/bin/kube-scheduler
                args: ["--v=2", "--leader-elect=true"]
              haproxy:
                command: /usr/sbin/haproxy
            images: [myapp:1, registry.local/team/tool@sha256:abc]
            """, SourceFile);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(spec.Name, Is.EqualTo("full-1"));
            Assert.That(spec.SourceFile, Is.EqualTo(SourceFile));
            Assert.That(spec.Profile, Is.EqualTo(TimingProfile.Kubernetes));
            Assert.That(spec.Count(NodeRole.ControlPlane), Is.EqualTo(3));
            Assert.That(spec.Count(NodeRole.Worker), Is.EqualTo(1));
            Assert.That(spec.Count(NodeRole.LoadBalancer), Is.EqualTo(1));
            Assert.That(spec.Count(NodeRole.Etcd), Is.Zero);
            Assert.That(spec.Etcd, Is.EqualTo(new EtcdSpec(EtcdLayout.Stacked, 3)));
            Assert.That(spec.Network.NodeSubnet, Is.EqualTo(IPNetwork.Parse("172.30.7.0/28")));
            Assert.That(spec.Network.PodSubnet, Is.EqualTo(IPNetwork.Parse("10.200.0.0/16")));
            Assert.That(spec.Network.ServiceSubnet, Is.EqualTo(IPNetwork.Parse("10.100.0.0/24")));
            Assert.That(spec.Network.NodePodCidrPrefix, Is.EqualTo(26));
            Assert.That(spec.Components.Keys.Order(), Is.EqualTo((string[])["haproxy", "kube-scheduler"]));
            Assert.That(spec.Components["kube-scheduler"].Command, Is.EqualTo("/opt/bin/kube-scheduler"));
            Assert.That(spec.Components["kube-scheduler"].Args, Is.EqualTo((string[])["--v=2", "--leader-elect=true"]));
            Assert.That(spec.Components["haproxy"].Args, Is.Empty);
            Assert.That(spec.ImagesToLoad, Is.EqualTo((TopologyImage[])[new("myapp:1", 21, 10), new("registry.local/team/tool@sha256:abc", 21, 19)]));
        }
    }

    [Test]
    public void OmittedFieldsTakeTheirDefaults()
    {
        var spec = TopologyLoader.Parse("""
            name: minimal
            nodes:
              control-plane: 1
            """, SourceFile);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(spec.Profile, Is.EqualTo(TimingProfile.Fast));
            Assert.That(spec.Etcd, Is.EqualTo(new EtcdSpec(EtcdLayout.Stacked, 1)));
            Assert.That(spec.Network, Is.EqualTo(new NetworkSpec(
                null, NetworkSpec.DefaultPodSubnet, NetworkSpec.DefaultServiceSubnet, NetworkSpec.DefaultNodePodCidrPrefix)));
            Assert.That(spec.Components, Is.Empty);
            Assert.That(spec.ImagesToLoad, Is.Empty);
        }
    }

    [TestCaseSource(nameof(InvalidTopologies))]
    public void InvalidTopologyIsRejectedAtTheOffendingLine(string yaml, int line, string reasonPhrase)
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse(yaml, SourceFile));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Problems.Select(p => p.Line), Is.All.EqualTo(line), error.Message);
            Assert.That(error.Problems.Select(p => p.Reason), Has.Some.Contains(reasonPhrase), error.Message);
            Assert.That(error.Problems.Select(p => p.File), Is.All.EqualTo(SourceFile));
        }
    }

    private static IEnumerable<TestCaseData> InvalidTopologies()
    {
        // Top level and name.
        yield return Invalid("unknown top-level field", """
            name: t
            owner: me
            nodes:
              control-plane: 1
            """, line: 2, "unknown field 'owner' at the top level; allowed: name, profile, nodes, etcd, network, components");
        yield return Invalid("name missing", """
            nodes:
              control-plane: 1
            """, line: 1, "missing required field 'name'");
        yield return Invalid("name with capitals", """
            name: HA
            nodes:
              control-plane: 1
            """, line: 1, "name 'HA' is invalid; use lowercase letters, digits and '-'");
        yield return Invalid("name with underscore", """
            name: my_lab
            nodes:
              control-plane: 1
            """, line: 1, "name 'my_lab' is invalid");
        yield return Invalid("name too long", """
            name: a-very-long-topology-name
            nodes:
              control-plane: 1
            """, line: 1, "at most 20 are allowed");
        yield return Invalid("name empty", """
            name:
            nodes:
              control-plane: 1
            """, line: 1, "name must be a single value, found an empty value");
        yield return Invalid("top level is a list", """
            - name: t
            """, line: 1, "the topology must be a mapping of fields");
        yield return Invalid("second document", """
            name: t
            nodes:
              control-plane: 1
            ---
            name: u
            """, line: 5, "only one YAML document");

        // Profile.
        yield return Invalid("unknown profile", """
            name: t
            profile: slow
            nodes:
              control-plane: 1
            """, line: 2, "unknown profile 'slow'; allowed: fast, kubernetes");

        // Nodes.
        yield return Invalid("nodes missing", """
            name: t
            """, line: 1, "missing required field 'nodes'");
        yield return Invalid("nodes is a scalar", """
            name: t
            nodes: 3
            """, line: 2, "nodes must be a mapping of role to count");
        yield return Invalid("unknown role", """
            name: t
            nodes:
              control-plane: 1
              workers: 2
            """, line: 4, "unknown role 'workers'; allowed roles: control-plane, worker, etcd, lb");
        yield return Invalid("count is a word", """
            name: t
            nodes:
              control-plane: 1
              worker: two
            """, line: 4, "the worker count must be a non-negative integer, found 'two'");
        yield return Invalid("count is negative", """
            name: t
            nodes:
              control-plane: 1
              worker: -1
            """, line: 4, "must be a non-negative integer, found '-1'");
        yield return Invalid("count is a list", """
            name: t
            nodes:
              control-plane: [1]
            """, line: 3, "must be a non-negative integer, found a list");
        yield return Invalid("zero control planes", """
            name: t
            nodes:
              control-plane: 0
              worker: 1
            """, line: 3, "control-plane count must be at least 1");
        yield return Invalid("control planes missing", """
            name: t
            nodes:
              worker: 1
            """, line: 2, "control-plane count must be at least 1");
        yield return Invalid("two load balancers", """
            name: t
            nodes:
              control-plane: 1
              lb: 2
            """, line: 4, "lb count must be 0 or 1");
        yield return Invalid("several control planes without lb", """
            name: t
            nodes:
              control-plane: 3
            """, line: 3, "3 control-plane nodes need an lb node in front of their API servers");

        // Etcd.
        yield return Invalid("unknown etcd field", """
            name: t
            nodes:
              control-plane: 1
            etcd:
              leader: cp-1
            """, line: 5, "unknown field 'leader' in etcd; allowed: layout, members");
        yield return Invalid("unknown etcd layout", """
            name: t
            nodes:
              control-plane: 1
            etcd:
              layout: sidecar
            """, line: 5, "unknown etcd layout 'sidecar'; allowed: stacked");
        yield return Invalid("stacked with etcd nodes", """
            name: t
            nodes:
              control-plane: 1
              etcd: 3
            """, line: 4, "etcd nodes are declared but etcd.layout is stacked");
        yield return Invalid("external without etcd nodes", """
            name: t
            nodes:
              control-plane: 1
            etcd:
              layout: external
            """, line: 5, "no etcd nodes are declared");
        yield return Invalid("even stacked member count", """
            name: t
            nodes:
              control-plane: 2
              lb: 1
            """, line: 3, "an even count: they tolerate 0 failures, no more than 1 member would");
        yield return Invalid("even external member count", """
            name: t
            nodes:
              control-plane: 1
              etcd: 4
            etcd:
              layout: external
            """, line: 4, "etcd would have 4 members, an even count");
        yield return Invalid("members differ from derived count", """
            name: t
            nodes:
              control-plane: 3
              lb: 1
            etcd:
              members: 5
            """, line: 6, "etcd.members is 5 but layout stacked runs one per control-plane node, which makes 3");
        yield return Invalid("members zero", """
            name: t
            nodes:
              control-plane: 1
            etcd:
              members: 0
            """, line: 5, "etcd needs at least 1 member");
        yield return Invalid("members even", """
            name: t
            nodes:
              control-plane: 1
            etcd:
              members: 2
            """, line: 5, "etcd would have 2 members, an even count");
        yield return Invalid("etcd is a scalar", """
            name: t
            nodes:
              control-plane: 1
            etcd: stacked
            """, line: 4, "etcd must be a mapping with layout and members");

        // Network.
        yield return Invalid("unknown network field", """
            name: t
            nodes:
              control-plane: 1
            network:
              dns: 10.96.0.10
            """, line: 5, "unknown field 'dns' in network; allowed: nodeSubnet, podSubnet, serviceSubnet, nodePodCidrPrefix");
        yield return Invalid("subnet without prefix", """
            name: t
            nodes:
              control-plane: 1
            network:
              podSubnet: 10.244.0.0
            """, line: 5, "network.podSubnet '10.244.0.0' is not a subnet");
        yield return Invalid("subnet with host bits", """
            name: t
            nodes:
              control-plane: 1
            network:
              serviceSubnet: 10.96.0.1/16
            """, line: 5, "network.serviceSubnet '10.96.0.1/16' has host bits set; did you mean 10.96.0.0/16?");
        yield return Invalid("node subnet IPv6", """
            name: t
            nodes:
              control-plane: 1
            network:
              nodeSubnet: fd00::/64
            """, line: 5, "network.nodeSubnet fd00::/64 is not IPv4");
        yield return Invalid("node subnet too small", """
            name: t
            nodes:
              control-plane: 1
              worker: 2
            network:
              nodeSubnet: 172.30.7.0/30
            """, line: 6, "nodeSubnet 172.30.7.0/30 has room for 0 nodes (they take addresses from offset 10 up to the broadcast address) but there are 3; use a shorter prefix");
        yield return Invalid("250 workers without a node subnet", """
            name: t
            nodes:
              control-plane: 1
              worker: 250
            """, line: 2, "251 nodes do not fit the /24 picked for the lab network when network.nodeSubnet is omitted (room for 245); set network.nodeSubnet to a larger subnet, e.g. 172.30.64.0/22");
        yield return Invalid("a /24 holds 245 nodes, not 250", """
            name: t
            nodes:
              control-plane: 1
              worker: 249
            network:
              nodeSubnet: 172.30.7.0/24
            """, line: 6, "nodeSubnet 172.30.7.0/24 has room for 245 nodes (they take addresses from offset 10 up to the broadcast address) but there are 250; use a shorter prefix");
        yield return Invalid("node subnet overlaps pod subnet", """
            name: t
            nodes:
              control-plane: 1
            network:
              nodeSubnet: 10.244.7.0/24
            """, line: 5, "nodeSubnet 10.244.7.0/24 overlaps podSubnet 10.244.0.0/16");
        yield return Invalid("pod subnet overlaps service subnet", """
            name: t
            nodes:
              control-plane: 1
            network:
              podSubnet: 10.0.0.0/8
            """, line: 5, "podSubnet 10.0.0.0/8 overlaps serviceSubnet 10.96.0.0/16");
        yield return Invalid("node pod CIDR prefix not longer than pod subnet", """
            name: t
            nodes:
              control-plane: 1
            network:
              nodePodCidrPrefix: 16
            """, line: 5, "nodePodCidrPrefix /16 must be longer than podSubnet 10.244.0.0/16's /16");
        yield return Invalid("pod subnet as small as the default node pod CIDR", """
            name: t
            nodes:
              control-plane: 1
            network:
              podSubnet: 10.244.0.0/24
            """, line: 5, "nodePodCidrPrefix /24 must be longer than podSubnet");
        yield return Invalid("node pod CIDR prefix too long", """
            name: t
            nodes:
              control-plane: 1
            network:
              nodePodCidrPrefix: 29
            """, line: 5, "use at most /28");
        yield return Invalid("too few pod CIDRs for the nodes", """
            name: t
            nodes:
              control-plane: 1
              worker: 2
            network:
              podSubnet: 10.244.0.0/23
            """, line: 6, "podSubnet 10.244.0.0/23 holds 2 podCIDRs of /24 but there are 3 nodes");
        yield return Invalid("node pod CIDR prefix not a number", """
            name: t
            nodes:
              control-plane: 1
            network:
              nodePodCidrPrefix: /24
            """, line: 5, "network.nodePodCidrPrefix must be a non-negative integer, found '/24'");

        // Images.
        yield return Invalid("images not a list", """
            name: t
            nodes:
              control-plane: 1
            images: myapp:1
            """, line: 4, "images must be a list of image references, e.g. [myapp:1], found 'myapp:1'");
        yield return Invalid("image with a space", """
            name: t
            nodes:
              control-plane: 1
            images:
              - myapp:1
              - "my app"
            """, line: 6, "each image must be a reference such as myapp:1 or example.org/team/app@sha256:..., found");
        yield return Invalid("image listed twice", """
            name: t
            nodes:
              control-plane: 1
            images: [myapp:1, myapp:1]
            """, line: 4, "image 'myapp:1' is listed twice");

        // Components.
        yield return Invalid("unknown component", """
            name: t
            nodes:
              control-plane: 1
            components:
              coredns:
                command: /bin/coredns
            """, line: 5, "unknown component 'coredns'; allowed: etcd, kube-apiserver");
        yield return Invalid("component without command", """
            name: t
            nodes:
              control-plane: 1
            components:
              kube-scheduler:
                args: ["--v=2"]
            """, line: 5, "component kube-scheduler needs a 'command'");
        yield return Invalid("component with empty command", """
            name: t
            nodes:
              control-plane: 1
            components:
              kube-scheduler:
                command: ""
            """, line: 6, "components.kube-scheduler.command is empty");
        yield return Invalid("component command left blank", """
            name: t
            nodes:
              control-plane: 1
            components:
              kubelet:
                command:
            """, line: 6, "components.kubelet.command is empty");
        yield return Invalid("component args not a list", """
            name: t
            nodes:
              control-plane: 1
            components:
              kube-scheduler:
                command: /opt/bin/kube-scheduler
                args: --v=2
            """, line: 7, "components.kube-scheduler.args must be a list of strings");
        yield return Invalid("component arg not a string", """
            name: t
            nodes:
              control-plane: 1
            components:
              kube-scheduler:
                command: /opt/bin/kube-scheduler
                args:
                  - --v=2
                  - {level: 2}
            """, line: 9, "each of components.kube-scheduler.args must be a single string, found a mapping");
        yield return Invalid("unknown component field", """
            name: t
            nodes:
              control-plane: 1
            components:
              kube-scheduler:
                command: /opt/bin/kube-scheduler
                env: {}
            """, line: 7, "unknown field 'env' in components.kube-scheduler; allowed: command, args");
    }

    private static TestCaseData Invalid(string name, string yaml, int line, string reasonPhrase) =>
        new TestCaseData(yaml, line, reasonPhrase).SetArgDisplayNames(name);

    [Test]
    public void ASingleProblemIsFormattedAsFileLineColumnReason()
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse("""
            name: t
            profile: slow
            nodes:
              control-plane: 1
            """, SourceFile));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.File, Is.EqualTo(SourceFile));
            Assert.That(error.Line, Is.EqualTo(2));
            Assert.That(error.Column, Is.EqualTo(10));
            Assert.That(error.Reason, Is.EqualTo("unknown profile 'slow'; allowed: fast, kubernetes"));
            Assert.That(error.Message, Is.EqualTo("test.yaml:2:10: unknown profile 'slow'; allowed: fast, kubernetes"));
        }
    }

    [Test]
    public void EveryProblemOfAFileIsReportedInFileOrder()
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse("""
            name: Bad_Name
            profile: slow
            nodes:
              control-plane: 3
              lb: 1
              worker: many
            network:
              podSubnet: 10.0.0.0/8
            components:
              kube-dns:
                command: /bin/dns
            """, SourceFile));

        var problems = error.Problems;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems.Select(p => p.Line), Is.EqualTo((int[])[1, 2, 6, 8, 10]));
            Assert.That(problems[2].Reason, Does.Contain("the worker count must be a non-negative integer"));
            Assert.That(problems[3].Reason, Does.Contain("overlaps serviceSubnet"));
            Assert.That(error.Message.Split('\n'), Is.EqualTo(problems.Select(p => p.ToString())));
            Assert.That((error.File, error.Line, error.Column, error.Reason),
                Is.EqualTo((problems[0].File, problems[0].Line, problems[0].Column, problems[0].Reason)));
        }
    }

    [TestCase("name: t\nnodes:\n  control-plane: 1\n worker: 2\n", 4, 2, TestName = "{m}(bad indentation)")]
    [TestCase("name: t\nnodes:\n  worker: [1, 2\nprofile: fast\n", 4, 1, TestName = "{m}(unclosed list)")]
    [TestCase("name: t\ncomponents:\n  kubelet:\n   : command: /bin/k\n", 5, 2, TestName = "{m}(key missing before colon)")]
    public void YamlSyntaxErrorIsReportedAtItsPosition(string yaml, int line, int column)
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse(yaml, SourceFile));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Problems, Has.Count.EqualTo(1));
            Assert.That(error.Reason, Does.StartWith("YAML syntax error"));
            Assert.That((error.Line, error.Column), Is.EqualTo((line, column)), error.Message);
        }
    }

    [Test]
    public void DuplicateKeyIsReportedAtTheSecondOccurrence()
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse("""
            name: t
            nodes:
              control-plane: 1
              control-plane: 3
            """, SourceFile));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Line, Is.EqualTo(4));
            Assert.That(error.Reason, Does.Contain("Duplicate key"));
        }
    }

    [Test]
    public void AliasesWithinTheLimitsAreRead()
    {
        var spec = TopologyLoader.Parse("""
            name: t
            nodes:
              control-plane: &one 1
              worker: *one
            components:
              kube-scheduler:
                command: /bin/s
                args: &args ["--v=2"]
              kube-controller-manager:
                command: /bin/c
                args: *args
            """, SourceFile);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(NodeNames(spec), Is.EqualTo("cp-1 worker-1"));
            Assert.That(spec.Components.Values.Select(c => string.Join(' ', c.Args)), Is.EqualTo((string[])["--v=2", "--v=2"]));
        }
    }

    /// <summary>100,000 nested lists used to overflow YamlStream's stack and kill the CLI; block nesting likewise.</summary>
    [TestCase("flow", 4, 76, TestName = "{m}(flow lists)")]
    [TestCase("block", 68, 65, TestName = "{m}(block mappings)")]
    public void DeeplyNestedFileIsAProblemNotACrash(string style, int line, int column)
    {
        var nesting = style == "flow"
            ? new string('[', 100_000) + new string(']', 100_000) + "\n"
            : "\n" + string.Concat(Enumerable.Range(1, 1_000).Select(level => new string(' ', level) + "a:\n"));
        var yaml = "name: t\nnodes:\n  control-plane: 1\ncomponents: " + nesting;

        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse(yaml, SourceFile));

        Assert.That(error.Message, Is.EqualTo($"test.yaml:{line}:{column}: nested deeper than 64 levels; a topology needs only a few"));
    }

    [Test]
    public void AliasBombIsAProblemAtTheAliasThatGoesOverTheLimit()
    {
        // Each level holds nine aliases of the one before: 9^9 values once expanded.
        var levels = "abcdefghi";
        var bomb = string.Concat(levels.Select((name, i) => i == 0
            ? $"  a: &a [{string.Join(',', Enumerable.Repeat("lol", 9))}]\n"
            : $"  {name}: &{name} [{string.Join(',', Enumerable.Repeat($"*{levels[i - 1]}", 9))}]\n"));
        var yaml = "name: t\nnodes:\n  control-plane: 1\nbomb:\n" + bomb + "? *i\n: key bomb\n";

        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse(yaml, SourceFile));

        // a..d expand to 8,289 values; the first *d on e's line (line 9) goes over 10,000.
        Assert.That(error.Message, Is.EqualTo("test.yaml:9:10: aliases expand to more than 10000 values; a topology needs only a few"));
    }

    [Test]
    public void AliasThatIsNotAnchoredBeforeItIsAProblem()
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse("""
            name: t
            nodes: &nodes
              control-plane: 1
              worker: *nodes
            """, SourceFile));

        Assert.That(error.Message, Is.EqualTo("test.yaml:4:11: alias *nodes does not refer to a complete node anchored before it"));
    }

    [Test]
    public void MissingFileIsReportedAtLineZero()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-such-topology.yaml");

        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Load(path));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Line, Is.Zero);
            Assert.That(error.Reason, Is.EqualTo("file not found"));
            Assert.That(error.Message, Is.EqualTo($"{path}:0:0: file not found"));
        }
    }

    [Test]
    public void AFolderIsReportedAsAFolderNotAsAPermissionProblem()
    {
        var folder = Directory.CreateTempSubdirectory("chaoslab-topology-").FullName;
        try
        {
            var error = Assert.Throws<TopologyException>(() => TopologyLoader.Load(folder));

            Assert.That(error.Message, Is.EqualTo($"{folder}:0:0: is a folder, not a topology file; name a .yaml file in it"));
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [TestCase("")]
    [TestCase("\n\n")]
    [TestCase("# nothing but a comment\n")]
    [TestCase("---\n")]
    public void EmptyFileIsRejected(string yaml)
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Parse(yaml, SourceFile));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Line, Is.EqualTo(1));
            Assert.That(error.Reason, Does.Contain("file is empty"));
        }
    }

    /// <summary>Damaged variants of a full file: each line dropped, cut in half or indented differently.</summary>
    [Test]
    public void DamagedFilesFailOnlyWithTopologyExceptions()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "topologies", "ha-external-etcd.yaml"))
            .Concat(["network:", "  nodeSubnet: 172.30.7.0/24", "components:", "  kubelet:", "    command: /bin/kubelet", "    args: [a]"])
            .ToArray();
        var variants = lines.SelectMany((_, i) => new[]
        {
            lines.Where((_, j) => j != i),
            lines.Select((line, j) => j == i ? line[..(line.Length / 2)] : line),
            lines.Select((line, j) => j == i ? " " + line : line),
            lines.Select((line, j) => j == i ? line.TrimStart() : line),
        });

        foreach (var variant in variants)
        {
            var yaml = string.Join('\n', variant);
            Assert.That(() => ParseOrReject(yaml), Throws.Nothing, yaml);
        }
    }

    private static void ParseOrReject(string yaml)
    {
        try
        {
            TopologyLoader.Parse(yaml, SourceFile);
        }
        catch (TopologyException)
        {
        }
    }

    private static TopologySpec LoadShipped(string fileName) =>
        TopologyLoader.Load(Path.Combine(TestPaths.RepositoryRoot, "topologies", fileName));

    private static string NodeNames(TopologySpec spec) => string.Join(' ', spec.ExpandNodes().Select(n => n.Name));

    private static string EtcdNodeNames(TopologySpec spec) => string.Join(' ', spec.EtcdNodes().Select(n => n.Name));
}
