using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Admission;
using ChaosLab.ApiServer.Apply;
using ChaosLab.ApiServer.CustomResources;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Mutants;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Storage;
using ChaosLab.ApiServer.Validation;

namespace ChaosLab.ApiServer.Rest;

/// <summary>
/// Create, get, update, delete of one object of any resource, with upstream's semantics: optimistic
/// concurrency on resourceVersion, defaulting, admission, validation, finalizers and graceful deletion.
/// Every write is one etcd transaction, so a failed request writes nothing.
/// </summary>
public sealed class ResourceStore(EtcdStore store, IReadOnlyList<IAdmissionPlugin> admission, ServiceIpAllocator ipAllocator, TimeProvider clock)
{
    private const int MaxRetries = 8;
    private static readonly char[] NameSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789".ToCharArray();

    public EtcdStore Etcd => store;

    /// <summary>Set only when the server runs the apiserver-stale-reads mutant: GETs of ConfigMaps come from a lagging memo.</summary>
    public StaleReadMemo? StaleReads { get; init; }

    /// <summary>Set only when the server runs the apiserver-early-ack mutant: ConfigMap writes are acknowledged before they commit.</summary>
    public WriteBehindBuffer? EarlyAck { get; init; }

    public async Task<JsonObject> GetAsync(ResourceType type, string? ns, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        var value = await Translate(type, name, () => StaleReads is { } memo && type.Kind == ApiServerMutants.AffectedKind
            ? memo.GetAsync(type.Key(ns, name), () => store.GetAsync(type.Key(ns, name), ct))
            : store.GetAsync(type.Key(ns, name), ct));
        return value is null ? throw ApiException.NotFound(type.QualifiedName, name) : ObjectCodec.Decode(value);
    }

    public async Task<JsonObject> CreateAsync(ResourceType type, string? ns, JsonObject body, WriteOptions options, RequestUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await CreateOnceAsync(type, ns, body, options, user, freshReads: attempt > 0, ct);
            }
            catch (StorageException ex) when (ex.Error == StorageError.GuardFailed)
            {
                // Admission trusted a cache's "none" (no ResourceQuota in the namespace) that a concurrent write made
                // stale: the body is untouched, so the whole create runs again, admitted from fresh reads.
                if (attempt >= MaxRetries)
                {
                    throw Map(type, ObjectMeta.Name(body) ?? "", ex);
                }
            }
        }
    }

    private async Task<JsonObject> CreateOnceAsync(ResourceType type, string? ns, JsonObject body, WriteOptions options, RequestUser user, bool freshReads, CancellationToken ct)
    {
        CheckKind(type, body);
        if (type.Custom is { Terminating: true })
        {
            throw ApiException.MethodNotAllowed("create not allowed while custom resource definition is terminating");
        }
        var obj = CustomObjectCodec.CanonicalizeAny(body, type, options.Strict);
        obj["kind"] = type.Kind;
        obj["apiVersion"] = type.ApiVersion;
        var meta = ObjectCodec.Meta(obj);
        SetNamespace(type, ns, meta);
        if (string.IsNullOrEmpty((string?)meta["name"]) && meta["generateName"] is JsonValue prefix)
        {
            meta["name"] = (string?)prefix + RandomSuffix();
        }
        var name = (string?)meta["name"] ?? "";
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = ObjectMeta.Timestamp(clock.GetUtcNow());
        if (type.Kind is "Deployment" or "ReplicaSet" or "Namespace" or "Pod" or "Service")
        {
            meta["generation"] = 1;
        }
        if (type.Custom is not null || type.Kind == "CustomResourceDefinition")
        {
            meta["generation"] = 1;
        }

        var strategy = ResourceStrategies.For(type);
        strategy.Default(obj);
        RecordFields(type, null, obj, null, options);
        var attributes = new AdmissionAttributes(AdmissionOperation.Create, type, null, ns, name, obj, null, user) { DryRun = options.DryRun, FreshReads = freshReads };
        await AdmitAsync(attributes, ct);
        Validate(type, strategy, obj, null);

        if (type.Kind == "Service")
        {
            return await CreateServiceAsync(type, obj, options, attributes.EmptyPrefixes, ct);
        }
        if (options.DryRun)
        {
            return obj;
        }
        var revision = EarlyAck is { } buffer && type.Kind == ApiServerMutants.AffectedKind
            ? buffer.Acknowledge(type.Key(ns, name), c => store.CreateAsync(type.Key(ns, name), ObjectCodec.Encode(obj), [], attributes.EmptyPrefixes, c), await store.CurrentRevisionAsync(ct) + 1)
            : await Translate(type, name, () => store.CreateAsync(type.Key(ns, name), ObjectCodec.Encode(obj), [], attributes.EmptyPrefixes, ct));
        meta["resourceVersion"] = Rv(revision);
        return obj;
    }

    /// <summary>A Service and its ClusterIP key are created together; a taken random IP is retried with another.</summary>
    private async Task<JsonObject> CreateServiceAsync(ResourceType type, JsonObject obj, WriteOptions options, IReadOnlyList<string> emptyPrefixes, CancellationToken ct)
    {
        var meta = ObjectCodec.Meta(obj);
        var name = (string?)meta["name"] ?? "";
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        obj["spec"] = spec;
        // An ExternalName Service is a DNS alias: no ClusterIP, as upstream.
        var externalName = (string?)spec["type"] == "ExternalName";
        var requested = externalName ? null : ipAllocator.Requested(obj);
        var requestedNodePorts = ServiceNodePorts.Held(obj);
        var owner = System.Text.Encoding.UTF8.GetBytes($"{meta["namespace"]}/{name}");
        for (var attempt = 0; ; attempt++)
        {
            var ip = externalName ? null : requested is null or "" ? ipAllocator.Candidate().ToString() : requested;
            var extra = new List<(string, byte[])>();
            if (ip is not null && ip != "None")
            {
                spec["clusterIP"] = ip;
                spec["clusterIPs"] = new JsonArray(ip);
                extra.Add((ServiceIpAllocator.Key(ip), owner));
            }
            foreach (var port in ServiceNodePorts.Plan(obj, null).Take)
            {
                extra.Add((ServiceNodePorts.Key(port), owner));
            }
            if (options.DryRun)
            {
                return obj;
            }
            try
            {
                var revision = await store.CreateAsync(type.Key((string?)meta["namespace"], name), ObjectCodec.Encode(obj), extra, emptyPrefixes, ct);
                meta["resourceVersion"] = Rv(revision);
                return obj;
            }
            catch (StorageException ex) when (ex.Error == StorageError.KeyExists && ex.Current is null)
            {
                if (requested is not null and not "" and not "None" && await store.GetAsync(ServiceIpAllocator.Key(requested), ct) is not null)
                {
                    throw ApiException.Invalid("Service", "", name, [FieldCause.Invalid("spec.clusterIPs", requested, "provided IP is already allocated")]);
                }
                await ThrowIfNodePortTakenAsync(spec, name, requestedNodePorts, ct);
                // A randomly drawn ClusterIP or node port was taken: draw again.
                foreach (var (_, port) in spec.Items("ports"))
                {
                    if (port.Num("nodePort") is { } drawn && !requestedNodePorts.Contains((long)drawn))
                    {
                        port.Remove("nodePort");
                    }
                }
                if (attempt >= MaxRetries)
                {
                    throw new ApiException(500, "InternalError", $"could not allocate a ClusterIP in {ipAllocator.Range} and node ports after {MaxRetries} tries");
                }
            }
            catch (StorageException ex) when (ex.Error != StorageError.GuardFailed)
            {
                throw Map(type, name, ex);
            }
        }
    }

    /// <summary>A node port the request named that another Service holds is the client's error (422), as upstream says it.</summary>
    private async Task ThrowIfNodePortTakenAsync(JsonObject spec, string name, IReadOnlySet<long> requested, CancellationToken ct)
    {
        foreach (var (i, port) in spec.Items("ports"))
        {
            if (port.Num("nodePort") is { } n && requested.Contains((long)n) && await store.GetAsync(ServiceNodePorts.Key((long)n), ct) is not null)
            {
                throw ApiException.Invalid("Service", "", name, [Causes.Invalid($"spec.ports[{i}].nodePort", n, "provided port is already allocated")]);
            }
        }
    }

    /// <summary>
    /// Read-modify-write with optimistic concurrency. <paramref name="mutate"/> gets the stored object and
    /// returns the desired one; a resourceVersion it carries must match (409 otherwise), else the write
    /// is retried on a concurrent change.
    /// </summary>
    public async Task<JsonObject> UpdateAsync(ResourceType type, string? ns, string name, string? subresource, Func<JsonObject, JsonObject> mutate,
        WriteOptions options, RequestUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(mutate);
        ArgumentNullException.ThrowIfNull(options);
        var strategy = ResourceStrategies.For(type);
        for (var attempt = 0; ; attempt++)
        {
            var current = await Translate(type, name, () => store.GetAsync(type.Key(ns, name), ct)) ?? throw ApiException.NotFound(type.QualifiedName, name);
            var old = ObjectCodec.Decode(current);
            var desired = mutate(old.DeepClone().AsObject());
            // Decoded before anything reads it, as upstream decodes before it touches storage: a wrongly typed
            // metadata or resourceVersion is a 400 here, not an exception further down.
            CheckKind(type, desired);
            var obj = CustomObjectCodec.CanonicalizeAny(desired, type, options.Strict);
            ObjectMeta.CheckName(obj, name, type.Namespaced ? ns : null);
            var clientRv = ObjectMeta.ResourceVersion(obj);
            if (!string.IsNullOrEmpty(clientRv) && clientRv != Rv(current.ModRevision))
            {
                ObjectMeta.ParseResourceVersion(clientRv, "metadata.resourceVersion");
                throw ApiException.Conflict(type.QualifiedName, name);
            }
            obj["kind"] = type.Kind;
            obj["apiVersion"] = type.ApiVersion;
            KeepSystemMetadata(obj, old);
            // binding and finalize are the server's own narrow writes (nodeName, spec.finalizers): no strategy applies.
            var internalWrite = subresource is "binding" or "finalize";
            if (subresource == "status")
            {
                strategy.PrepareForStatusUpdate(obj, old);
            }
            else if (!internalWrite)
            {
                strategy.PrepareForUpdate(obj, old);
                strategy.Default(obj);
                BumpGeneration(obj, old);
            }
            if (!internalWrite)
            {
                RecordFields(type, old, obj, subresource, options);
            }
            await AdmitAsync(new AdmissionAttributes(AdmissionOperation.Update, type, subresource, ns, name, obj, old, user) { DryRun = options.DryRun }, ct);
            if (!internalWrite)
            {
                Validate(type, strategy, obj, old);
            }

            if (ObjectMeta.IsDeleting(obj) && ObjectMeta.Finalizers(obj).Count == 0 && SpecFinalizers(obj).Count == 0)
            {
                // The last finalizer went away: the deletion completes now.
                if (!options.DryRun)
                {
                    await DeleteStoredAsync(type, ns, name, current.ModRevision, old, ct);
                }
                return obj;
            }
            IReadOnlyList<(string, byte[])> take = [];
            IReadOnlyList<string> release = [];
            var requestedNodePorts = ServiceNodePorts.Held(obj);
            if (type.Kind == "Service" && !internalWrite && subresource != "status")
            {
                var (taken, released) = ServiceNodePorts.Plan(obj, old);
                var owner = System.Text.Encoding.UTF8.GetBytes($"{ns}/{name}");
                take = [.. taken.Select(p => (ServiceNodePorts.Key(p), owner))];
                release = [.. released.Select(ServiceNodePorts.Key)];
            }
            if (UnwrittenUpdate.Answer(obj, old, Rv(current.ModRevision), options.DryRun) is { } answer)
            {
                return answer;
            }
            try
            {
                var revision = EarlyAck is { } buffer && type.Kind == ApiServerMutants.AffectedKind
                    ? buffer.Acknowledge(type.Key(ns, name), c => store.UpdateAsync(type.Key(ns, name), ObjectCodec.Encode(obj), current.ModRevision, take, release, c), current.ModRevision + 1)
                    : await store.UpdateAsync(type.Key(ns, name), ObjectCodec.Encode(obj), current.ModRevision, take, release, ct);
                ObjectCodec.Meta(obj)["resourceVersion"] = Rv(revision);
                return obj;
            }
            catch (StorageException ex) when (ex.Error == StorageError.Conflict && string.IsNullOrEmpty(clientRv) && attempt < MaxRetries)
            {
                // Someone else wrote first; the request did not pin a version, so apply it to the new state.
            }
            catch (StorageException ex) when (ex.Error == StorageError.KeyExists && attempt < MaxRetries)
            {
                // A node port this update takes is held by another Service: the client's if it named it, else draw again.
                await ThrowIfNodePortTakenAsync(obj["spec"] as JsonObject ?? [], name, requestedNodePorts, ct);
            }
            catch (StorageException ex) when (ex.Error == StorageError.Conflict)
            {
                throw ApiException.Conflict(type.QualifiedName, name);
            }
            catch (StorageException ex)
            {
                throw Map(type, name, ex);
            }
        }
    }

    /// <summary>Deletes, or marks for deletion when finalizers (or a pod's grace period) must run first.</summary>
    public async Task<(JsonObject Object, bool Deleted)> DeleteAsync(ResourceType type, string? ns, string name, DeleteOptions options, RequestUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        for (var attempt = 0; ; attempt++)
        {
            var current = await Translate(type, name, () => store.GetAsync(type.Key(ns, name), ct)) ?? throw ApiException.NotFound(type.QualifiedName, name);
            var old = ObjectCodec.Decode(current);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != ObjectMeta.Uid(old))
            {
                throw new ApiException(409, "Conflict", $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(old)}");
            }
            if (options.PreconditionResourceVersion is { Length: > 0 } prv && prv != Rv(current.ModRevision))
            {
                throw new ApiException(409, "Conflict", $"Precondition failed: ResourceVersion in precondition: {prv}, ResourceVersion in object meta: {current.ModRevision}");
            }
            await AdmitAsync(new AdmissionAttributes(AdmissionOperation.Delete, type, null, ns, name, null, old, user), ct);

            var marked = old.DeepClone().AsObject();
            var meta = ObjectCodec.Meta(marked);
            var finalizers = ObjectMeta.Finalizers(marked).ToList();
            // DeleteOptionsReader has refused any other policy.
            var policy = options.PropagationPolicy ?? "Background";
            if (policy == "Foreground" && !finalizers.Contains("foregroundDeletion"))
            {
                finalizers.Add("foregroundDeletion");
            }
            if (policy == "Orphan" && !finalizers.Contains("orphan"))
            {
                finalizers.Add("orphan");
            }
            if (type is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
            {
                CustomResourceCleanup.MarkForCleanup(marked, finalizers, clock.GetUtcNow());
            }
            var grace = GracePeriod(type, old, options);
            // A namespace waits for its spec.finalizers ("kubernetes": the namespace controller empties it first).
            var deleteNow = finalizers.Count == 0 && SpecFinalizers(old).Count == 0 && grace == 0;
            if (deleteNow)
            {
                if (options.DryRun)
                {
                    return (old, true);
                }
                try
                {
                    await DeleteStoredAsync(type, ns, name, current.ModRevision, old, ct);
                    return (old, true);
                }
                catch (ApiException ex) when (ex.Code == 409 && attempt < MaxRetries)
                {
                    continue;
                }
            }
            if (ObjectMeta.IsDeleting(old) && finalizers.SequenceEqual(ObjectMeta.Finalizers(old)) && grace > 0)
            {
                return (old, false); // already terminating: a second delete changes nothing
            }
            if (finalizers.Count > 0)
            {
                meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
            }
            meta["deletionTimestamp"] ??= ObjectMeta.Timestamp(clock.GetUtcNow().AddSeconds(grace));
            meta["deletionGracePeriodSeconds"] = grace;
            if (type.Kind == "Namespace")
            {
                marked["status"] = new JsonObject { ["phase"] = "Terminating" };
            }
            if (options.DryRun)
            {
                return (marked, false);
            }
            try
            {
                var revision = await store.UpdateAsync(type.Key(ns, name), ObjectCodec.Encode(marked), current.ModRevision, ct);
                meta["resourceVersion"] = Rv(revision);
                return (marked, false);
            }
            catch (StorageException ex) when (ex.Error == StorageError.Conflict && attempt < MaxRetries)
            {
            }
            catch (StorageException ex)
            {
                throw Map(type, name, ex);
            }
        }
    }

    private static IReadOnlyList<string> SpecFinalizers(JsonObject obj) =>
        (string?)obj["kind"] == "Namespace" && obj["spec"]?["finalizers"] is JsonArray f ? f.Select(x => x?.ToString() ?? "").ToList() : [];

    /// <summary>Pods bound to a node terminate gracefully (the kubelet finishes the delete); everything else goes at once.</summary>
    private static long GracePeriod(ResourceType type, JsonObject pod, DeleteOptions options)
    {
        if (type.Kind != "Pod" || string.IsNullOrEmpty((string?)pod["spec"]?["nodeName"]))
        {
            return 0;
        }
        if ((string?)pod["status"]?["phase"] is "Succeeded" or "Failed")
        {
            return 0;
        }
        return options.GracePeriodSeconds ?? (long?)pod["spec"]?["terminationGracePeriodSeconds"] ?? 30;
    }

    private async Task DeleteStoredAsync(ResourceType type, string? ns, string name, long revision, JsonObject old, CancellationToken ct)
    {
        var alsoDelete = new List<string>();
        if (type.Kind == "Service" && (string?)old["spec"]?["clusterIP"] is { Length: > 0 } ip && ip != "None")
        {
            alsoDelete.Add(ServiceIpAllocator.Key(ip));
        }
        if (type.Kind == "Service")
        {
            alsoDelete.AddRange(ServiceNodePorts.Held(old).Select(ServiceNodePorts.Key));
        }
        try
        {
            await store.DeleteAsync(type.Key(ns, name), revision, alsoDelete, ct);
        }
        catch (StorageException ex) when (ex.Error == StorageError.Conflict)
        {
            throw ApiException.Conflict(type.QualifiedName, name);
        }
        catch (StorageException ex)
        {
            throw Map(type, name, ex);
        }
    }

    /// <summary>
    /// Records the write in metadata.managedFields under the request's field manager, as upstream does before
    /// admission; writes the server makes for itself (no manager) and applies (recorded already) are left as they are.
    /// </summary>
    private void RecordFields(ResourceType type, JsonObject? old, JsonObject obj, string? subresource, WriteOptions options)
    {
        if (options.FieldManager is null || options.FieldsRecorded)
        {
            return;
        }
        var writer = new FieldWriter(options.FieldManager, type.ApiVersion, options.FieldSubresource ?? subresource, clock.GetUtcNow());
        FieldManager.RecordUpdate(old, obj, writer, ApplySchemas.For(type));
    }

    private async Task AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        foreach (var plugin in admission)
        {
            await plugin.AdmitAsync(attributes, ct);
        }
    }

    private static void Validate(ResourceType type, IResourceStrategy strategy, JsonObject obj, JsonObject? old)
    {
        var causes = strategy.Validate(obj, old);
        if (causes.Count > 0)
        {
            throw ApiException.Invalid(type.Kind, type.Group, ObjectMeta.Name(obj) ?? "", causes);
        }
    }

    /// <summary>apiVersion and kind, when given, must be strings (else the 400 of <see cref="TypeMeta.Read"/>) naming this resource's.</summary>
    private static void CheckKind(ResourceType type, JsonObject body)
    {
        var (apiVersion, kind) = TypeMeta.Read(body, type.Kind);
        if (kind is { Length: > 0 } && kind != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind}) for {type.UrlPrefix}/{type.Plural}");
        }
        if (apiVersion is { Length: > 0 } && apiVersion != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }
    }

    private static void SetNamespace(ResourceType type, string? ns, JsonObject meta)
    {
        var bodyNs = (string?)meta["namespace"];
        if (!type.Namespaced)
        {
            meta.Remove("namespace");
            return;
        }
        if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        meta["namespace"] = ns;
    }

    /// <summary>Fields only the server sets survive any update as they were.</summary>
    private static void KeepSystemMetadata(JsonObject obj, JsonObject old)
    {
        var meta = ObjectCodec.Meta(obj);
        var oldMeta = ObjectCodec.Meta(old);
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "selfLink" })
        {
            meta.Remove(field);
            if (oldMeta[field] is { } value)
            {
                meta[field] = value.DeepClone();
            }
        }
        meta["name"] = oldMeta["name"]?.DeepClone();
    }

    private static void BumpGeneration(JsonObject obj, JsonObject old)
    {
        if (old["metadata"]?["generation"] is null)
        {
            return;
        }
        // Semantic, as upstream compares decoded structs: a client that writes back `creationTimestamp: null` in a
        // pod template, or leaves it out, changes nothing.
        if (!JsonAccess.SemanticEquals(obj["spec"], old["spec"]))
        {
            ObjectCodec.Meta(obj)["generation"] = ((long?)old["metadata"]?["generation"] ?? 0) + 1;
        }
    }

    private static string RandomSuffix() =>
        new(Enumerable.Range(0, 5).Select(_ => NameSuffixAlphabet[RandomNumberGenerator.GetInt32(NameSuffixAlphabet.Length)]).ToArray());

    private static string Rv(long revision) => revision.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<T> Translate<T>(ResourceType type, string name, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StorageException ex) when (ex.Error != StorageError.GuardFailed)
        {
            throw Map(type, name, ex);
        }
    }

    public static ApiException Map(ResourceType type, string name, StorageException ex)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Error switch
        {
            StorageError.KeyExists => ApiException.AlreadyExists(type.QualifiedName, name),
            StorageError.NotFound => ApiException.NotFound(type.QualifiedName, name),
            StorageError.Conflict or StorageError.GuardFailed => ApiException.Conflict(type.QualifiedName, name),
            StorageError.Compacted => ApiException.Expired($"The resourceVersion for the provided list is too old: {ex.Message}"),
            StorageError.FutureRevision => new ApiException(504, "Timeout", $"Too large resource version: {ex.Message}"),
            StorageError.Timeout => ApiException.Timeout($"etcd did not answer within the request timeout (quorum lost?): {ex.Message}"),
            _ => ApiException.Unavailable($"storage is unavailable: {ex.Message}"),
        };
    }
}
