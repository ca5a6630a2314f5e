using ChaosLab.Cri.V1;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Cri.Tests;

/// <summary>
/// A stand-in container runtime: Kestrel speaking gRPC on a unix socket in a temp directory, answering a
/// few CRI RPCs the way the connection tests need (an answer, a hang, a runtime error). Its methods are
/// bound by hand from service and method names, so it also checks the paths the generated clients call.
/// </summary>
internal sealed class FakeCriRuntime : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private FakeCriRuntime(WebApplication app, string directory, string socketPath, Handlers handlers)
    {
        _app = app;
        _directory = directory;
        SocketPath = socketPath;
        Calls = handlers;
    }

    public string SocketPath { get; }

    public Handlers Calls { get; }

    public static async Task<FakeCriRuntime> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("cri-fake-").FullName;
        var socketPath = Path.Combine(directory, "cri.sock");
        var handlers = new Handlers();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(handlers);
        builder.Services.AddSingleton<IServiceMethodProvider<Handlers>, MethodProvider>();
        var app = builder.Build();
        app.MapGrpcService<Handlers>();
        await app.StartAsync();
        return new FakeCriRuntime(app, directory, socketPath, handlers);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    internal sealed class Handlers
    {
        /// <summary>The deadline the last Version call arrived with (from its grpc-timeout header).</summary>
        public DateTime? LastVersionDeadline { get; private set; }

        public Task<VersionResponse> Version(VersionRequest request, ServerCallContext context)
        {
            LastVersionDeadline = context.Deadline == DateTime.MaxValue ? null : context.Deadline;
            return Task.FromResult(new VersionResponse
            {
                Version = "0.1.0",
                RuntimeName = "fake",
                RuntimeVersion = "test",
                RuntimeApiVersion = "v1",
            });
        }

        /// <summary>Never answers: the call ends by its deadline or its cancellation.</summary>
        public static async Task<StopContainerResponse> StopContainer(StopContainerRequest request, ServerCallContext context)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return new StopContainerResponse();
        }

        /// <summary>Fails the way containerd does for an unknown container.</summary>
        public static Task<RemoveContainerResponse> RemoveContainer(RemoveContainerRequest request, ServerCallContext context) =>
            throw new RpcException(new Status(StatusCode.NotFound, $"an error occurred when try to find container \"{request.ContainerId}\": not found"));

        public static Task<ListImagesResponse> ListImages(ListImagesRequest request, ServerCallContext context) =>
            Task.FromResult(new ListImagesResponse
            {
                Images = { new Image { Id = "sha256:0123", RepoTags = { "registry.k8s.io/pause:3.6" }, Size = 301_773, Pinned = true } },
            });
    }

    private sealed class MethodProvider : IServiceMethodProvider<Handlers>
    {
        private const string Runtime = "runtime.v1.RuntimeService";
        private const string Images = "runtime.v1.ImageService";

        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<Handlers> context)
        {
            context.AddUnaryMethod(Unary<VersionRequest, VersionResponse>(Runtime, "Version"), [], (h, req, ctx) => h.Version(req, ctx));
            context.AddUnaryMethod(Unary<StopContainerRequest, StopContainerResponse>(Runtime, "StopContainer"), [], (_, req, ctx) => Handlers.StopContainer(req, ctx));
            context.AddUnaryMethod(Unary<RemoveContainerRequest, RemoveContainerResponse>(Runtime, "RemoveContainer"), [], (_, req, ctx) => Handlers.RemoveContainer(req, ctx));
            context.AddUnaryMethod(Unary<ListImagesRequest, ListImagesResponse>(Images, "ListImages"), [], (_, req, ctx) => Handlers.ListImages(req, ctx));
        }

        private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string service, string name)
            where TRequest : class, IMessage<TRequest>, new()
            where TResponse : class, IMessage<TResponse>, new() =>
            new(MethodType.Unary, service, name, Marshaller<TRequest>(), Marshaller<TResponse>());

        private static Marshaller<T> Marshaller<T>()
            where T : class, IMessage<T>, new()
        {
            var parser = new MessageParser<T>(() => new T());
            return Marshallers.Create(message => message.ToByteArray(), parser.ParseFrom);
        }
    }
}
