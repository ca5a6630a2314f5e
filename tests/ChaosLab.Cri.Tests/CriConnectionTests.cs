using System.Net.Sockets;
using ChaosLab.Cri.V1;
using Grpc.Core;

namespace ChaosLab.Cri.Tests;

[Category("Unit")]
public sealed class CriConnectionTests
{
    private FakeCriRuntime _runtime = null!;

    [SetUp]
    public async Task StartRuntime() => _runtime = await FakeCriRuntime.StartAsync();

    [TearDown]
    public async Task StopRuntime() => await _runtime.DisposeAsync();

    [Test]
    public async Task Calls_reach_both_services_over_the_unix_socket()
    {
        using var cri = Connect();

        var version = await cri.Runtime.VersionAsync(new VersionRequest { Version = "v1" });
        var images = await cri.Images.ListImagesAsync(new ListImagesRequest());

        Assert.Multiple(() =>
        {
            Assert.That(version.RuntimeName, Is.EqualTo("fake"));
            Assert.That(version.RuntimeApiVersion, Is.EqualTo("v1"));
            Assert.That(images.Images.Single().RepoTags, Is.EqualTo(new[] { "registry.k8s.io/pause:3.6" }));
            Assert.That(images.Images.Single().Pinned, Is.True);
        });
    }

    [Test]
    public async Task A_call_without_a_deadline_gets_the_default_one()
    {
        using var cri = Connect(TimeSpan.FromSeconds(30));

        var before = DateTime.UtcNow;
        await cri.Runtime.VersionAsync(new VersionRequest());
        var after = DateTime.UtcNow;

        // The server reads the deadline from the grpc-timeout header, which is rounded to its unit.
        Assert.That(_runtime.Calls.LastVersionDeadline, Is.InRange(before.AddSeconds(29), after.AddSeconds(31)));
    }

    [Test]
    public async Task A_call_that_brings_its_own_deadline_keeps_it()
    {
        using var cri = Connect(TimeSpan.FromSeconds(30));

        var deadline = DateTime.UtcNow.AddMinutes(10);
        await cri.Runtime.VersionAsync(new VersionRequest(), deadline: deadline);

        Assert.That(_runtime.Calls.LastVersionDeadline, Is.EqualTo(deadline).Within(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task DateTime_MaxValue_means_no_deadline()
    {
        using var cri = Connect(TimeSpan.FromSeconds(30));

        await cri.Runtime.VersionAsync(new VersionRequest(), deadline: DateTime.MaxValue);

        Assert.That(_runtime.Calls.LastVersionDeadline, Is.Null);
    }

    [Test]
    public void A_call_past_its_deadline_names_the_rpc_the_timeout_and_the_socket()
    {
        using var cri = Connect(TimeSpan.FromMilliseconds(300));

        var error = Assert.ThrowsAsync<CriException>(async () =>
            await cri.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = "c1", Timeout = 10 }));

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Is.EqualTo($"CRI StopContainer: DeadlineExceeded: no answer within 300ms on {_runtime.SocketPath}"));
            Assert.That(error.Rpc, Is.EqualTo("StopContainer"));
            Assert.That(error.IsDeadlineExceeded, Is.True);
            Assert.That(error.InnerException, Is.InstanceOf<RpcException>());
        });
    }

    [Test]
    public void A_runtime_error_keeps_the_runtime_s_own_words()
    {
        using var cri = Connect();

        var error = Assert.ThrowsAsync<CriException>(async () =>
            await cri.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = "abc" }));

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Is.EqualTo("CRI RemoveContainer: NotFound: an error occurred when try to find container \"abc\": not found"));
            Assert.That(error.IsNotFound, Is.True);
        });
    }

    [Test]
    public void Blocking_calls_are_mapped_too()
    {
        using var cri = Connect();

        var error = Assert.Throws<CriException>(() => cri.Runtime.RemoveContainer(new RemoveContainerRequest { ContainerId = "abc" }));

        Assert.That(error.Message, Does.StartWith("CRI RemoveContainer: NotFound: "));
    }

    [Test]
    public void Cancelling_a_call_is_the_caller_s_decision_not_a_runtime_failure()
    {
        using var cri = Connect();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(
            async () => await cri.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = "c1" }, cancellationToken: cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_missing_socket_is_unavailable_and_says_where()
    {
        var socketPath = Path.Combine(Path.GetDirectoryName(_runtime.SocketPath)!, "missing.sock");
        using var cri = new CriConnection(new CriConnectionOptions { SocketPath = socketPath });

        var error = Assert.ThrowsAsync<CriException>(async () => await cri.Runtime.VersionAsync(new VersionRequest()));

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Is.EqualTo($"CRI Version: Unavailable: no such socket on {socketPath}"));
            Assert.That(error.IsUnavailable, Is.True);
        });
    }

    [Test]
    public void A_socket_nobody_listens_on_refuses_the_connection()
    {
        // Bound but not listening: the file exists and connect() gets ECONNREFUSED, as after a runtime crash.
        var socketPath = Path.Combine(Path.GetDirectoryName(_runtime.SocketPath)!, "dead.sock");
        using var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        dead.Bind(new UnixDomainSocketEndPoint(socketPath));
        using var cri = new CriConnection(new CriConnectionOptions { SocketPath = socketPath });

        var error = Assert.ThrowsAsync<CriException>(async () =>
            await cri.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = new PodSandboxConfig() }));

        Assert.That(error.Message, Is.EqualTo($"CRI RunPodSandbox: Unavailable: connection refused on {socketPath}"));
    }

    [Test]
    public void Options_are_validated()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new CriConnection(new CriConnectionOptions { CallTimeout = TimeSpan.Zero }), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new CriConnection(new CriConnectionOptions { SocketPath = " " }), Throws.ArgumentException);
            Assert.That(new CriConnectionOptions().SocketPath, Is.EqualTo("/run/containerd/containerd.sock"));
        });
    }

    private CriConnection Connect(TimeSpan? callTimeout = null) => new(new CriConnectionOptions
    {
        SocketPath = _runtime.SocketPath,
        CallTimeout = callTimeout ?? TimeSpan.FromSeconds(10),
    });
}
