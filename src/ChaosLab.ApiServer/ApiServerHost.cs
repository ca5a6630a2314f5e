using System.Security.Cryptography.X509Certificates;
using ChaosLab.ApiServer.Admission;
using ChaosLab.ApiServer.Bootstrap;
using ChaosLab.ApiServer.CustomResources;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Mutants;
using ChaosLab.ApiServer.Operations;
using ChaosLab.ApiServer.Proxy;
using ChaosLab.ApiServer.Rest;
using ChaosLab.ApiServer.Security;
using ChaosLab.ApiServer.Security.Rbac;
using ChaosLab.ApiServer.Security.ServiceAccounts;
using ChaosLab.ApiServer.Storage;
using ChaosLab.ApiServer.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChaosLab.ApiServer;

/// <summary>Runs the API server: HTTPS only, lab-CA client certificates or bearer tokens, state in etcd.</summary>
public static class ApiServerHost
{
    public static async Task<int> RunAsync(ApiServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientCa = X509CertificateLoader.LoadCertificateFromFile(options.ClientCaFile);
        var serverCert = X509Certificate2.CreateFromPemFile(options.TlsCertFile, options.TlsPrivateKeyFile);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = RequestBody.DrainLimit;
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.BindAddress, options.SecurePort, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCert;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (cert, _, _) => IssuedBy(cert, clientCa);
            }));
        });
        var app = builder.Build();
        var logger = app.Logger;

        using var connection = new EtcdConnection(options.EtcdServers, options.EtcdCaFile, options.EtcdCertFile, options.EtcdKeyFile);
        var etcd = new EtcdStore(connection, options.EtcdRequestTimeout);
        var clock = TimeProvider.System;
        var ips = new ServiceIpAllocator(options.ServiceClusterIpRange);
        var lists = new CollectionReader(etcd);
        var rbacPolicy = new RbacPolicyCache(etcd, logger);
        var quotas = new PrefixCache(etcd, ResourceQuotaAdmission.StoragePrefix, logger);
        var authorizer = new Authorizer(NodeAuthorizer.ReadingPodsFrom(lists), new RbacAuthorizer(() => rbacPolicy.Current), rbacPolicy.WaitSyncedAsync);
        IAdmissionPlugin[] admission =
        [
            new NamespaceLifecycle(etcd),
            new NodeRestriction(),
            new RbacEscalationCheck(authorizer),
            new DefaultTolerationSeconds(options.DefaultNotReadyTolerationSeconds, options.DefaultUnreachableTolerationSeconds),
            new ServiceAccountAdmission(StoredObjects.From(etcd), mountTokens: options.ServiceAccountSigningKeyFile is not null),
            // Last, as upstream: it measures the object the other plugins have finished.
            new ResourceQuotaAdmission(etcd, quotas),
        ];
        var objects = new ResourceStore(etcd, admission, ips, clock)
        {
            StaleReads = options.Mutant == ApiServerMutants.StaleReads ? new StaleReadMemo(clock) : null,
            EarlyAck = options.Mutant == ApiServerMutants.EarlyAck ? new WriteBehindBuffer(logger) : null,
        };
        if (options.Mutant is { } mutant)
        {
            logger.LogWarning("running as the mutant {Mutant}", mutant);
        }
        var (tokenRequests, serviceAccountTokens) = ServiceAccountTokens(options, etcd, clock);
        var handler = new ResourceHandler(objects, lists, new ResourceWatcher(etcd, lists), clock, tokenRequests);
        var readiness = new Readiness(etcd);
        using var kubeletClientCert = X509Certificate2.CreateFromPemFile(
            options.KubeletClientCertificate ?? options.TlsCertFile, options.KubeletClientKey ?? options.TlsPrivateKeyFile);
        using var kubeletCa = X509CertificateLoader.LoadCertificateFromFile(options.KubeletCertificateAuthority ?? options.ClientCaFile);
        using var kubelets = new KubeletConnection(objects, kubeletClientCert, kubeletCa);
        var streams = new PodStreamHandler(new PodLogProxy(objects, kubelets), new RemoteCommandProxy(objects, kubelets, logger), new PodPortForwardProxy(objects, kubelets, logger));
        var authenticator = Authenticator.FromTokenFile(options.TokenAuthFile, serviceAccountTokens, logger);
        using var proxies = new ProxyHandler(objects, kubelets, new PodNetworkRoutes(objects, options.RoutePodCidrs, logger));
        var router = new ApiRouter(authenticator, authorizer, handler, new ReviewHandler(authorizer, authenticator), streams, readiness, new ApiMetrics(), options.AdvertiseAddress, logger, proxies);
        app.UseWebSockets();
        app.Run(router.HandleAsync);

        var lifetime = app.Lifetime;
        lifetime.ApplicationStopping.Register(() =>
        {
            // Fail /readyz first so the load balancer moves clients away before connections close.
            readiness.MarkShuttingDown();
            Thread.Sleep(options.ShutdownDelay);
        });
        using var background = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        var system = new SystemObjects(objects, ips, options.AdvertiseAddress, options.SecurePort, clock, logger);
        var loops = new[]
        {
            Task.Run(() => system.RunAsync(background.Token), CancellationToken.None),
            Task.Run(() => new EtcdCompactor(etcd, options.CompactionInterval, logger).RunAsync(background.Token), CancellationToken.None),
            Task.Run(() => rbacPolicy.RunAsync(background.Token), CancellationToken.None),
            Task.Run(() => quotas.RunAsync(background.Token), CancellationToken.None),
            Task.Run(() => new RbacBootstrap(objects, logger).RunAsync(background.Token), CancellationToken.None),
            Task.Run(() => new CustomResourceDefinitionController(objects, etcd, clock, logger).RunAsync(background.Token), CancellationToken.None),
        };
        logger.LogInformation("kube-apiserver (chaoslab) serving on https://{Address}:{Port}, etcd {Etcd}", options.BindAddress, options.SecurePort, string.Join(",", options.EtcdServers));
        await app.RunAsync(ct);
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    /// <summary>TokenRequest and the authenticator of service-account tokens, when a signing key is configured.</summary>
    private static (TokenRequests?, ServiceAccountTokenAuthenticator?) ServiceAccountTokens(ApiServerOptions options, EtcdStore etcd, TimeProvider clock)
    {
        if (options.ServiceAccountSigningKeyFile is null)
        {
            return (null, null);
        }
        var signingKey = ServiceAccountKeys.LoadSigningKey(options.ServiceAccountSigningKeyFile);
        var verifying = options.ServiceAccountKeyFiles.Count > 0 ? ServiceAccountKeys.LoadVerifyingKeys(options.ServiceAccountKeyFiles) : [signingKey];
        IReadOnlyList<string> issuers = options.ServiceAccountIssuers.Count > 0 ? options.ServiceAccountIssuers : [ServiceAccountTokenIssuer.DefaultIssuer];
        var audiences = options.ApiAudiences.Count > 0 ? options.ApiAudiences : issuers;
        var read = StoredObjects.From(etcd);
        var issuer = new ServiceAccountTokenIssuer(issuers[0], signingKey, audiences, clock);
        return (new TokenRequests(issuer, read), new ServiceAccountTokenAuthenticator(issuers, verifying, audiences, read, clock));
    }

    private static bool IssuedBy(X509Certificate2 cert, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }
}
