using ChaosLab.Chaos.Catalog;
using ChaosLab.Chaos.Engine;
using ChaosLab.Chaos.Faults.Components;
using ChaosLab.Chaos.Faults.Network;
using ChaosLab.Chaos.Faults.Nodes;
using ChaosLab.Chaos.Model;
using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Tests;

/// <summary>
/// Invalid fault options fail with a clear message before anything is touched. Where a target has to be
/// resolved, the environment is two containers of a fake engine that refuses (and records) every change.
/// </summary>
[Category("Unit")]
[Order(0)]
public sealed class OptionValidationTests
{
    private static Dictionary<string, string> Options(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private static FaultOptionsException? Rejects(string fault, params (string Key, string Value)[] options) =>
        Assert.Catch<FaultOptionsException>(() => FaultCatalog.Create(fault, Options(options)));

    [Test]
    public void A_negative_duration_is_rejected_by_the_options_the_schedule_and_the_engine()
    {
        Assert.That(Rejects("latency", ("target", "worker-1"), ("delay", "-100ms"))!.Message, Does.Contain("--delay must not be negative"));
        Assert.That(() => new FaultSchedule(TimeSpan.Zero, TimeSpan.FromSeconds(-5), 1, TimeSpan.Zero).Validate(),
            Throws.InstanceOf<FaultOptionsException>().With.Message.Contains("duration must be positive"));
        Assert.That(() => new FaultSchedule(TimeSpan.FromSeconds(-1), null, 1, TimeSpan.Zero).Validate(),
            Throws.InstanceOf<FaultOptionsException>().With.Message.Contains("offset must not be negative"));
    }

    [Test]
    public async Task The_engine_rejects_a_negative_duration_before_it_injects()
    {
        var docker = new FakeContainerEngine("node-a", "node-b");
        using var env = await ChaosEnvironment.ForContainersAsync(docker, ["node-a", "node-b"]);
        await using var engine = new ChaosEngine(env);
        var fault = new NodeFault(NodeAction.Kill, TargetSelector.Parse("node-a"));

        var ex = Assert.CatchAsync<FaultOptionsException>(() => engine.InjectAsync(fault, TimeSpan.FromSeconds(-1)));

        Assert.That(ex!.Message, Does.Contain("duration must be positive"));
        Assert.That(docker.Changes, Is.Empty);
        Assert.That(engine.Timeline.Entries, Is.Empty, "nothing was even attempted");
    }

    [TestCase("150", "at most 100 percent")]
    [TestCase("0", "more than 0")]
    [TestCase("-5", "more than 0")]
    [TestCase("lots", "is not a number")]
    public void Loss_outside_0_to_100_percent_is_rejected(string percent, string message) =>
        Assert.That(Rejects("loss", ("target", "worker-1"), ("percent", percent))!.Message, Does.Contain(message));

    [Test]
    public async Task An_unknown_node_fails_at_injection_before_anything_is_touched()
    {
        var docker = new FakeContainerEngine("node-a", "node-b");
        using var env = await ChaosEnvironment.ForContainersAsync(docker, ["node-a", "node-b"]);
        await using var engine = new ChaosEngine(env);

        var resolve = Assert.CatchAsync<FaultOptionsException>(() => TargetSelector.Parse("nope").ResolveAsync(env));
        Assert.That(resolve!.Message, Does.Contain("unknown node 'nope'").And.Contain("node-a, node-b"));

        foreach (var fault in new IFault[]
        {
            FaultCatalog.Create("node-kill", Options(("target", "nope"))),
            FaultCatalog.Create("partition", Options(("target", "node-a"), ("peers", "nope"))),
            FaultCatalog.Create("loss", Options(("target", "nope"), ("percent", "30"))),
        })
        {
            var ex = Assert.CatchAsync<FaultOptionsException>(() => engine.InjectAsync(fault), fault.Name);
            Assert.That(ex!.Message, Does.Contain("unknown node 'nope'"), fault.Name);
        }
        Assert.That(docker.Changes, Is.Empty);
        Assert.That(engine.Active, Is.Empty);
        Assert.That(new ChaosStateFile(env.Scope).Read(), Is.Empty, "a fault that never injected is not recorded as active");
    }

    [Test]
    public async Task A_partition_with_an_empty_side_or_a_node_on_both_sides_fails_before_anything_is_touched()
    {
        var docker = new FakeContainerEngine("node-a", "node-b");
        using var env = await ChaosEnvironment.ForContainersAsync(docker, ["node-a", "node-b"]);
        await using var engine = new ChaosEngine(env);

        var everyone = Assert.CatchAsync<FaultOptionsException>(() => engine.InjectAsync(FaultCatalog.Create("isolate", Options(("target", "all")))));
        Assert.That(everyone!.Message, Does.Contain("the other side of [node-a, node-b] is empty"));

        var both = Assert.CatchAsync<FaultOptionsException>(() => engine.InjectAsync(new PartitionFault(TargetSelector.Parse("node-a"), TargetSelector.Parse("node-a,node-b"))));
        Assert.That(both!.Message, Does.Contain("node-a is on both sides"));

        Assert.That(docker.Changes, Is.Empty);
        Assert.That(engine.Timeline.Entries.Select(e => e.Phase).Distinct(), Is.EquivalentTo(new[] { FaultPhase.Failed, FaultPhase.Healed }), "only failed injections and their undo");
    }

    [Test]
    public void An_empty_target_is_rejected() =>
        Assert.That(Rejects("partition", ("target", " "), ("peers", "worker-2"))!.Message, Does.Contain("a target is empty"));

    [Test]
    public void An_unknown_option_is_named_with_the_options_the_fault_takes()
    {
        var ex = Rejects("loss", ("target", "worker-1"), ("percent", "30"), ("jitter", "5ms"));
        Assert.That(ex!.Message, Does.Contain("loss: unknown option --jitter").And.Contain("--percent"));
    }

    [Test]
    public void A_missing_required_option_is_named() =>
        Assert.That(Rejects("bandwidth", ("target", "worker-1"))!.Message, Does.Contain("bandwidth: option --rate is required"));

    [Test]
    public void An_unknown_fault_lists_the_known_ones() =>
        Assert.That(() => FaultCatalog.Find("meteor"), Throws.InstanceOf<FaultOptionsException>().With.Message.Contains("unknown fault 'meteor'").And.Message.Contains("partition"));

    [Test]
    public void An_unknown_component_lists_the_known_ones()
    {
        Assert.That(Rejects("component-kill", ("target", "worker-1"), ("component", "kube-dns"))!.Message,
            Does.Contain("unknown component 'kube-dns'").And.Contain("kube-scheduler"));
        Assert.That(() => new ComponentFault(ComponentAction.Stop, TargetSelector.Parse("worker-1"), "systemd"), Throws.InstanceOf<FaultOptionsException>());
    }

    [TestCase("fast", "is not understood")]
    [TestCase("10 MB/s", "is not understood")]
    [TestCase("-1mbit", "is not understood")]
    [TestCase("1kbit", "below 8kbit")]
    public void A_bad_rate_is_rejected(string rate, string message) =>
        Assert.That(Rejects("bandwidth", ("target", "worker-1"), ("rate", rate))!.Message, Does.Contain(message));

    [TestCase("latency", "delay", "soon", "is not a duration")]
    [TestCase("latency", "delay", "0ms", "more than 0")]
    [TestCase("latency", "delay", "20s", "at most 10 s")]
    public void A_bad_latency_is_rejected(string fault, string option, string value, string message) =>
        Assert.That(Rejects(fault, ("target", "worker-1"), (option, value))!.Message, Does.Contain(message));

    [Test]
    public void Jitter_larger_than_the_delay_is_rejected() =>
        Assert.That(Rejects("latency", ("target", "worker-1"), ("delay", "50ms"), ("jitter", "80ms"))!.Message, Does.Contain("jitter must be between 0 and the delay"));

    [Test]
    public void A_one_way_flag_with_a_value_other_than_true_or_false_is_rejected() =>
        Assert.That(Rejects("partition", ("target", "worker-1"), ("peers", "worker-2"), ("one-way", "maybe"))!.Message, Does.Contain("--one-way takes no value or true/false"));

    [TestCase("role:boss", "unknown role 'boss'")]
    [TestCase("random:", "unknown role ''")]
    [TestCase("etcd:king", "etcd targets are")]
    [TestCase("pod:", "is not understood")]
    [TestCase("lease:", "is not understood")]
    [TestCase("node:worker-1", "is not understood")]
    [TestCase("worker-1,,worker-2", "is not understood")]
    [TestCase("", "a target is empty")]
    public void Bad_target_syntax_is_rejected(string text, string message) =>
        Assert.That(() => TargetSelector.Parse(text), Throws.InstanceOf<FaultOptionsException>().With.Message.Contains(message));

    [TestCase("worker-1")]
    [TestCase("role:worker")]
    [TestCase("random:control-plane")]
    [TestCase("pod:default/web-1")]
    [TestCase("pod:web-1")]
    [TestCase("lease:kube-scheduler")]
    [TestCase("etcd:leader")]
    [TestCase("etcd:majority")]
    [TestCase("cp-1, cp-2,worker-3")]
    [TestCase("all")]
    public void Good_target_syntax_parses(string text) =>
        Assert.That(TargetSelector.Parse(text).Text, Is.EqualTo(text.Trim()));

    [Test]
    public void The_latency_fault_reports_its_helper_processes_through_the_fault_interface()
    {
        // The engine records IFault.HelperProcesses in the state file: that is how a later run stops the helper of a crashed one.
        var map = typeof(LatencyFault).GetInterfaceMap(typeof(IFault));
        var getter = map.TargetMethods[Array.FindIndex(map.InterfaceMethods, m => m.Name == "get_" + nameof(IFault.HelperProcesses))];
        Assert.That(getter.DeclaringType, Is.EqualTo(typeof(LatencyFault)), $"IFault.HelperProcesses is served by {getter.DeclaringType}");
    }

    [Test]
    public void Every_catalog_fault_builds_from_its_own_example()
    {
        foreach (var kind in FaultCatalog.All)
        {
            var words = kind.Example.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(words[0], Is.EqualTo(kind.Name));
            var options = new Dictionary<string, string>();
            for (var i = 1; i < words.Length; i++)
            {
                var key = words[i].TrimStart('-');
                options[key] = i + 1 < words.Length && !words[i + 1].StartsWith("--", StringComparison.Ordinal) ? words[++i] : "";
            }
            var fault = FaultCatalog.Create(kind.Name, options);
            Assert.That(fault.Name, Is.Not.Empty, kind.Example);
            Assert.That(fault.Describe(), Is.Not.Empty, kind.Example);
        }
    }
}

/// <summary>The parsers behind the mechanisms and the schedule.</summary>
[Category("Unit")]
[Order(0)]
public sealed class ParserTests
{
    [Test]
    public void Ping_output_gives_sent_received_loss_and_median()
    {
        const string output = """
            PING 172.30.2.15 (172.30.2.15) 56(84) bytes of data.
            64 bytes from 172.30.2.15: icmp_seq=1 ttl=64 time=0.283 ms
            64 bytes from 172.30.2.15: icmp_seq=3 ttl=64 time=101.5 ms
            64 bytes from 172.30.2.15: icmp_seq=4 ttl=64 time=100.2 ms

            --- 172.30.2.15 ping statistics ---
            5 packets transmitted, 3 received, 40% packet loss, time 412ms
            rtt min/avg/max/mdev = 0.283/67.3/101.5/47.5 ms
            """;

        var result = Mechanisms.Ping.Parse(output, 5);

        Assert.That(result.Sent, Is.EqualTo(5));
        Assert.That(result.Received, Is.EqualTo(3));
        Assert.That(result.LossPercent, Is.EqualTo(40).Within(0.001));
        Assert.That(result.MedianMs, Is.EqualTo(100.2).Within(0.001));
        Assert.That(result.RttsMs, Is.EqualTo(new[] { 0.283, 101.5, 100.2 }));
    }

    [Test]
    public void Ping_output_with_errors_and_no_answer_counts_everything_lost()
    {
        const string output = """
            PING 172.30.2.15 (172.30.2.15) 56(84) bytes of data.
            From 172.30.2.11 icmp_seq=1 Destination Host Unreachable

            --- 172.30.2.15 ping statistics ---
            4 packets transmitted, 0 received, +4 errors, 100% packet loss, time 3050ms
            """;

        var result = Mechanisms.Ping.Parse(output, 4);

        Assert.That((result.Sent, result.Received, result.MedianMs), Is.EqualTo((4, 0, (double?)null)));
        Assert.That(result.LossPercent, Is.EqualTo(100));
    }

    [Test]
    public void Ping_output_without_a_summary_counts_the_replies_seen()
    {
        var result = Mechanisms.Ping.Parse("64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=1.5 ms\n64 bytes from 10.0.0.1: icmp_seq=2 ttl=64 time=2.5 ms\n", 10);
        Assert.That((result.Sent, result.Received, result.MedianMs), Is.EqualTo((10, 2, (double?)2.0)));
        Assert.That(Mechanisms.Ping.Parse("", 3).LossPercent, Is.EqualTo(100));
    }

    [Test]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two() =>
        Assert.That(Mechanisms.Ping.Median([4, 1, 3, 2]), Is.EqualTo(2.5));

    [Test]
    public void Tokenize_keeps_a_quoted_comment_as_one_argument()
    {
        var tokens = Mechanisms.ChaosRules.Tokenize("-A INPUT -m mac --mac-source 02:42:ac:1e:02:0f -m comment --comment \"chaoslab-chaos:0123456789\" -j DROP");
        Assert.That(tokens, Is.EqualTo(new[] { "-A", "INPUT", "-m", "mac", "--mac-source", "02:42:ac:1e:02:0f", "-m", "comment", "--comment", "chaoslab-chaos:0123456789", "-j", "DROP" }));
    }

    [Test]
    public void Tokenize_handles_spaces_inside_quotes_and_repeated_spaces()
    {
        Assert.That(Mechanisms.ChaosRules.Tokenize("-A OUTPUT  -m comment --comment \"two words\" -j NFQUEUE --queue-num 1234 "),
            Is.EqualTo(new[] { "-A", "OUTPUT", "-m", "comment", "--comment", "two words", "-j", "NFQUEUE", "--queue-num", "1234" }));
        Assert.That(Mechanisms.ChaosRules.Tokenize(""), Is.Empty);
    }

    [Test]
    public void Rule_comments_carry_the_fault_id() =>
        Assert.That(Mechanisms.ChaosRules.Comment("abc123"), Is.EqualTo("chaoslab-chaos:abc123"));

    [Test]
    public void A_valid_schedule_passes()
    {
        Assert.DoesNotThrow(() => FaultSchedule.Once().Validate());
        Assert.DoesNotThrow(() => FaultSchedule.Once(TimeSpan.FromSeconds(5)).Validate());
        Assert.DoesNotThrow(() => new FaultSchedule(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 3, TimeSpan.FromMilliseconds(500)).Validate());
    }

    [Test]
    public void Invalid_schedules_say_what_is_wrong()
    {
        Assert.That(() => new FaultSchedule(TimeSpan.Zero, TimeSpan.Zero, 1, TimeSpan.Zero).Validate(), Throws.InstanceOf<FaultOptionsException>().With.Message.Contains("duration must be positive"));
        Assert.That(() => new FaultSchedule(TimeSpan.Zero, TimeSpan.FromSeconds(1), 0, TimeSpan.Zero).Validate(), Throws.InstanceOf<FaultOptionsException>().With.Message.Contains("repeat must be at least 1"));
        Assert.That(() => new FaultSchedule(TimeSpan.Zero, null, 2, TimeSpan.Zero).Validate(), Throws.InstanceOf<FaultOptionsException>().With.Message.Contains("a repeated fault needs a duration"));
        Assert.That(() => new FaultSchedule(TimeSpan.Zero, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(-1)).Validate(), Throws.InstanceOf<FaultOptionsException>().With.Message.Contains("pause between rounds must not be negative"));
    }

    [TestCase("1mbit", 1_000_000L)]
    [TestCase("500kbit", 500_000L)]
    [TestCase("1.5Mbit", 1_500_000L)]
    [TestCase(" 2gbit ", 2_000_000_000L)]
    [TestCase("8000bit", 8000L)]
    [TestCase("8kbit", 8000L)]
    public void Rates_parse_in_tc_notation(string rate, long bits) =>
        Assert.That(Faults.Network.BandwidthFault.ParseRate(rate), Is.EqualTo(bits));

    [TestCase("")]
    [TestCase("1mb")]
    [TestCase("1 mbps")]
    [TestCase("mbit")]
    [TestCase("7999bit")]
    public void Bad_rates_do_not_parse(string rate) =>
        Assert.That(() => Faults.Network.BandwidthFault.ParseRate(rate), Throws.InstanceOf<FaultOptionsException>());
}
