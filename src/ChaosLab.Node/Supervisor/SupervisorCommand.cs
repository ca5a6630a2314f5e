using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChaosLab.NodeApi;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ChaosLab.Node.Supervisor;

/// <summary>
/// `chaoslab-node supervise`: the first process of every node container (under tini). It runs the
/// node's components from its config and serves their status and control on the supervisor port.
/// </summary>
internal static class SupervisorCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configPath = OptionValue(args, "--config") ?? NodeConfig.PathInNode;
        NodeConfig config;
        try
        {
            config = NodeConfig.FromJson(await File.ReadAllTextAsync(configPath));
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node supervise: cannot read {configPath}: {ex.Message}");
            return 2;
        }

        X509Certificate2 ca, serving;
        var pki = OptionValue(args, "--pki-dir") ?? SupervisorTls.PkiDirectoryInNode;
        try
        {
            ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(pki, SupervisorTls.CaFile));
            serving = X509Certificate2.CreateFromPemFile(Path.Combine(pki, SupervisorTls.ServerName + ".crt"), Path.Combine(pki, SupervisorTls.ServerName + ".key"));
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"chaoslab-node supervise: cannot read the supervisor's certificate in {pki}: {ex.Message}");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        // Mutual TLS only: the lab's tooling holds the one client certificate the supervisor CA issued.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(config.SupervisorPort, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serving;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => SupervisorTls.IsClientOf(certificate, ca);
        })));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in NodeConfig.JsonOptions.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }
        });
        var app = builder.Build();
        var logger = app.Logger;

        if (config.Components.Any(c => c.Name == NodeConfig.ContainerRuntimeComponent))
        {
            try
            {
                logger.LogInformation("{Cgroups}", await NodeCgroups.PrepareAsync());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The runtime then fails its first pod with the reason; the node stays up to report it.
                logger.LogError("cannot open the node's cgroups to the container runtime: {Error}", ex.Message);
            }
        }

        var logDirectory = Environment.GetEnvironmentVariable("CHAOSLAB_LOG_DIR") ?? NodeConfig.ComponentLogDirectory;
        Directory.CreateDirectory(logDirectory);
        var processes = config.Components.Select(c => new SupervisedProcess(c, logDirectory, logger)).ToList();
        var byName = processes.ToDictionary(p => p.Spec.Name);

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/components", () => processes.Select(p => p.Status()).ToList());
        app.MapGet("/components/{name}/log", (string name, int? tail) =>
            byName.TryGetValue(name, out var p) ? Results.Text(ReadTail(p.LogPath, tail ?? 200)) : UnknownComponent(name, byName.Keys));
        app.MapPost("/components/{name}/{action}", async (string name, string action) =>
        {
            if (!byName.TryGetValue(name, out var p))
            {
                return UnknownComponent(name, byName.Keys);
            }
            try
            {
                switch (action)
                {
                    case ComponentActions.Stop: await p.StopAsync(); break;
                    case ComponentActions.Start: p.Start(); break;
                    case ComponentActions.Restart: await p.StopAsync(); p.Start(); break;
                    case ComponentActions.Kill: p.Kill(); break;
                    case ComponentActions.Pause: p.Pause(); break;
                    case ComponentActions.Resume: p.Resume(); break;
                    default:
                        return Results.Problem($"unknown action '{action}'; allowed: {string.Join(", ", ComponentActions.All)}", statusCode: 400);
                }
            }
            catch (InvalidOperationException ex)
            {
                return Results.Problem(ex.Message, statusCode: 409);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Action} {Component} failed", action, name);
                return Results.Problem($"{action} {name} failed: {ex.Message}", statusCode: 500);
            }
            return Results.Ok(p.Status());
        });

        var shutdown = app.Lifetime.ApplicationStopping;
        var loops = processes.Select(p => Task.Run(() => p.RunAsync(shutdown), CancellationToken.None)).ToList();
        using var prober = new HealthProber(processes);
        loops.Add(Task.Run(() => prober.RunAsync(shutdown), CancellationToken.None));
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            // Stop in reverse start order so that, e.g., an API server goes before its etcd.
            foreach (var p in Enumerable.Reverse(processes))
            {
                p.StopAsync().GetAwaiter().GetResult();
            }
        });

        logger.LogInformation("node {Node} ({Role}) supervising {Count} components: {Names}",
            config.Node, config.Role, processes.Count, string.Join(", ", byName.Keys));
        await app.RunAsync();
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException)
        {
            // Normal at shutdown.
        }
        return 0;
    }

    private static IResult UnknownComponent(string name, IEnumerable<string> known) =>
        Results.Problem($"no component '{name}' on this node; components: {string.Join(", ", known)}", statusCode: 404);

    private static string ReadTail(string path, int lines)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var buffer = new Queue<string>(lines + 1);
        while (reader.ReadLine() is { } line)
        {
            buffer.Enqueue(line);
            if (buffer.Count > lines)
            {
                buffer.Dequeue();
            }
        }
        return string.Join('\n', buffer) + (buffer.Count > 0 ? "\n" : string.Empty);
    }

    private static string? OptionValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
