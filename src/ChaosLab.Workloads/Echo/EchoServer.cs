using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Workloads.Echo;

/// <summary>
/// `chaoslab/echo`: an HTTP server that answers every path with JSON naming the pod, its namespace,
/// node and IP, and the client — so scenarios see which backend a Service picked. `/healthz` is
/// always 200; `/ready` is 503 while the unready file exists, so a scenario can flip readiness with
/// `touch`. Kestrel's slim builder and no per-request logging keep it near 30 MiB.
/// </summary>
public static class EchoServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        EchoSettings settings;
        try
        {
            settings = ApplyArguments(EchoSettings.FromEnvironment(), args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"chaoslab/echo: {ex.Message}");
            return 2;
        }
        await using var app = Build(settings);
        try
        {
            await app.StartAsync();
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"chaoslab/echo: cannot listen on {settings.ListenAddress}:{settings.Port}: {ex.Message}");
            return 1;
        }
        await Console.Out.WriteLineAsync($"chaoslab/echo: pod {settings.Pod} listening on {string.Join(", ", app.Urls)}");
        // The host's console lifetime turns SIGTERM and SIGINT into a graceful stop: in-flight requests finish.
        await app.WaitForShutdownAsync();
        await Console.Out.WriteLineAsync("chaoslab/echo: stopped");
        return 0;
    }

    /// <summary>The server, not started. A port of 0 picks a free one (see <c>app.Urls</c> after start).</summary>
    public static WebApplication Build(EchoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls($"http://{settings.ListenAddress}:{settings.Port}");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(settings.LogRequests ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/ready", () => File.Exists(settings.UnreadyFile)
            ? Results.Text($"not ready: {settings.UnreadyFile} exists", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready"));
        var logger = app.Logger;
        app.Map("/{**path}", (HttpContext context) =>
        {
            var reply = Reply(settings, context);
            if (settings.LogRequests)
            {
                logger.LogInformation("{Method} {Path} from {Client}", context.Request.Method, reply.Path, reply.Client);
            }
            return Results.Json(reply, EchoJsonContext.Default.EchoReply);
        });
        return app;
    }

    private static EchoReply Reply(EchoSettings settings, HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is { IsIPv4MappedToIPv6: true })
        {
            remote = remote.MapToIPv4();
        }
        var client = remote is null ? "" : new IPEndPoint(remote, context.Connection.RemotePort).ToString();
        var path = context.Request.PathBase.Add(context.Request.Path).Value ?? "/";
        return new EchoReply(settings.Pod, settings.Namespace, settings.Node, settings.PodIp, client, path.Length == 0 ? "/" : path, DateTimeOffset.UtcNow);
    }

    private static EchoSettings ApplyArguments(EchoSettings settings, string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
            {
                settings = settings with { Port = port };
                i++;
                continue;
            }
            throw new ArgumentException($"unexpected argument '{args[i]}'; chaoslab/echo takes only --port N (or env PORT)");
        }
        return settings;
    }
}
