using System.Net;
using System.Security.Cryptography.X509Certificates;
using ChaosLab.Kubelet.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChaosLab.Kubelet;

/// <summary>
/// `chaoslab-node kubelet [flags]`: the node agent, with /healthz on the healthz port (HTTP) and container logs and
/// exec, attach and port-forward on the server port (HTTPS, client certificates from the lab CA required).
/// </summary>
public static class KubeletCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        KubeletOptions options;
        try
        {
            options = KubeletOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node kubelet: {ex.Message}");
            return 2;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Any, options.HealthzPort);
            if (options.Port > 0)
            {
                var clientCa = X509CertificateLoader.LoadCertificateFromFile(options.ClientCaFile);
                var serverCert = X509Certificate2.CreateFromPemFile(options.TlsCertFile, options.TlsPrivateKeyFile);
                kestrel.Listen(IPAddress.Any, options.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = serverCert;
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = (cert, _, _) => ClientCertificates.IssuedBy(cert, clientCa);
                    });
                });
            }
        });
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>();
        var kubelet = new KubeletService(options, logger);
        var server = new KubeletServer(() => kubelet.Containers, logger.CreateLogger("kubelet-server"));
        app.UseWebSockets();
        app.MapGet("/healthz", () => Results.Text("ok"));
        var secure = app.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.LocalPort == options.Port ? await next(context) : Results.NotFound());
        secure.MapGet("/containerLogs/{ns}/{pod}/{container}", (HttpContext context) => server.ContainerLogsAsync(context));
        secure.MapMethods("/exec/{ns}/{pod}/{container}", ["GET", "POST"], (HttpContext context) => server.ExecAsync(context));
        secure.MapMethods("/attach/{ns}/{pod}/{container}", ["GET", "POST"], (HttpContext context) => server.AttachAsync(context));
        secure.MapMethods("/portForward/{ns}/{pod}", ["GET", "POST"], (HttpContext context) => server.PortForwardAsync(context));
        var stopping = app.Lifetime.ApplicationStopping;
        var run = Task.Run(() => kubelet.RunAsync(stopping), CancellationToken.None);
        await app.StartAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync();
        return 0;
    }
}
