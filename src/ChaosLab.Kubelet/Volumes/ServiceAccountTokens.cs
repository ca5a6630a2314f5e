using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosLab.Kubelet.Volumes;

/// <summary>A token the API server issued and when it expires.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset Expires);

/// <summary>
/// The tokens of projected serviceAccountToken sources, as upstream's kubelet token manager keeps them: one
/// TokenRequest per pod, service account, audience and lifetime, bound to the pod, kept until 80 % of its lifetime
/// has passed (or 24 hours), then asked for again. A refresh that fails keeps the old token while it is still valid.
/// </summary>
/// <param name="request">Creates a TokenRequest for service account NAME in NAMESPACE (the API server's answer).</param>
public sealed class ServiceAccountTokens(
    Func<string, string, Authenticationv1TokenRequest, CancellationToken, Task<Authenticationv1TokenRequest>> request,
    TimeProvider? time = null)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<(string PodUid, string Account, string Audience, long Seconds), IssuedToken> _tokens = new();

    /// <summary>Asks the API server through the kubelet's own client (the node authorizer lets it, for its pods' service accounts).</summary>
    public static ServiceAccountTokens Using(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new ServiceAccountTokens((ns, name, body, ct) => client.CoreV1.CreateNamespacedServiceAccountTokenAsync(body, name, ns, cancellationToken: ct));
    }

    /// <exception cref="VolumeSetUpException">No valid token could be had; the message says why.</exception>
    public async Task<IssuedToken> GetAsync(V1Pod pod, V1ServiceAccountTokenProjection projection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(projection);
        var account = string.IsNullOrEmpty(pod.Spec.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;
        var seconds = projection.ExpirationSeconds ?? 3600;
        var key = (pod.Metadata.Uid, account, projection.Audience ?? "", seconds);
        var now = _time.GetUtcNow();
        if (_tokens.TryGetValue(key, out var held) && !NeedsRefresh(held, seconds, now))
        {
            return held;
        }
        try
        {
            var issued = await RequestAsync(pod, account, projection.Audience, seconds, ct);
            _tokens[key] = issued;
            return issued;
        }
        catch (VolumeSetUpException) when (held is not null && held.Expires > now)
        {
            return held;
        }
    }

    /// <summary>Forgets the tokens of a pod that is gone.</summary>
    public void Forget(string podUid)
    {
        foreach (var key in _tokens.Keys.Where(k => k.PodUid == podUid).ToList())
        {
            _tokens.TryRemove(key, out _);
        }
    }

    /// <summary>Upstream's requiresRefresh: past 80 % of the lifetime, or older than 24 hours.</summary>
    public static bool NeedsRefresh(IssuedToken token, long expirationSeconds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        var lifetime = TimeSpan.FromSeconds(expirationSeconds);
        var issuedAt = token.Expires - lifetime;
        return now >= token.Expires - (lifetime * 0.2) || now >= issuedAt + MaxAge;
    }

    private async Task<IssuedToken> RequestAsync(V1Pod pod, string account, string? audience, long seconds, CancellationToken ct)
    {
        var body = new Authenticationv1TokenRequest
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenRequest",
            Spec = new V1TokenRequestSpec
            {
                Audiences = string.IsNullOrEmpty(audience) ? [] : [audience],
                ExpirationSeconds = seconds,
                BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            },
        };
        try
        {
            var answer = await request(pod.Metadata.NamespaceProperty, account, body, ct);
            if (answer.Status?.Token is not { Length: > 0 } token)
            {
                throw new VolumeSetUpException($"failed to fetch token: the TokenRequest for serviceaccount \"{account}\" came back without a token");
            }
            var expires = answer.Status.ExpirationTimestamp is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : _time.GetUtcNow().AddSeconds(seconds);
            return new IssuedToken(token, expires);
        }
        catch (HttpOperationException ex)
        {
            var status = ex.Response.StatusCode == HttpStatusCode.NotFound ? $"serviceaccounts \"{account}\" not found" : ex.Response.Content;
            throw new VolumeSetUpException($"failed to fetch token: {status}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new VolumeSetUpException($"failed to fetch token: {ex.Message}", ex);
        }
    }
}
