using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Licences.SigningKeys;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Audit;

/// <summary>
/// A document that grants rights. Its projection stamps it with a keyed digest (<see cref="DocumentDigests"/>) when
/// it writes it from its events; whoever edits the row in SQL cannot make a digest that holds.
/// </summary>
public interface IDigestedDocument
{
    string Id { get; }

    /// <summary>"{audit key id}:{HMAC-SHA256}" over the whole document but this member.</summary>
    string? Digest { get; set; }
}

/// <summary>The stored form of a document that grants rights does not match its digest: the decision is refused
/// (503), and audit verification lists the document.</summary>
public sealed class TamperedDocumentException(string type, string id)
    : Exception($"The stored {type} '{id}' does not match the digest its events gave it; it was edited behind the "
        + "hub's back and is not used (see GET /api/audit/verification).")
{
    public string Type { get; } = type;
    public string Id { get; } = id;
}

/// <summary>
/// Keyed digests for the documents that authorisation reads (API keys, grants, signing keys, delivery channels).
/// The digest is an HMAC (a key derived from the audit key, outside the database) over the document serialized with
/// its members sorted, the digest member left out: members added to a document later are covered without more code.
/// One HMAC per load, on a few hundred bytes.
/// </summary>
public static class DocumentDigests
{
    private const string Purpose = "onething:document-digest";

    // Process-wide: Marten makes the projections that stamp, outside the container. Set once at start-up.
    private static byte[]? _key;
    private static string _keyId = "";

    /// <summary>The checked types, with how verification lists their documents.</summary>
    private static readonly (string Name, Func<IQuerySession, CancellationToken, Task<IReadOnlyList<IDigestedDocument>>>
        All, Func<IDocumentSession, string, CancellationToken, Task> Rebuild)[] Checked =
    [
        Of<ApiKey>("api-key"),
        Of<ShareRequestView>("share-request"),
        Of<SigningKeyView>("signing-key"),
        Of<DeliveryChannelView>("delivery-channel"),
    ];

    private static (string, Func<IQuerySession, CancellationToken, Task<IReadOnlyList<IDigestedDocument>>>,
        Func<IDocumentSession, string, CancellationToken, Task>) Of<T>(string name)
        where T : class, IDigestedDocument =>
        (name,
            async (session, ct) => [.. await session.Query<T>().ToListAsync(ct)],
            async (session, id, ct) =>
            {
                // From its events, as the projection made it: what the row said is not trusted.
                if (await session.Events.AggregateStreamAsync<T>(id, token: ct) is { } rebuilt)
                    session.Store(Stamp(rebuilt));
            });

    public static void Use(IAuditKeyProvider provider)
    {
        _key = provider.DeriveKey(Purpose);
        _keyId = provider.KeyId;
    }

    /// <summary>Called by the projections on the document they just wrote.</summary>
    public static T Stamp<T>(T document) where T : class, IDigestedDocument
    {
        document.Digest = Compute(document);
        return document;
    }

    public static bool Holds(IDigestedDocument document) =>
        document.Digest is { } digest
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digest),
            Encoding.ASCII.GetBytes(Compute(document)));

    /// <summary>The document, if its digest holds; null stays null (not found is the caller's answer).</summary>
    public static T? Verified<T>(T? document) where T : class, IDigestedDocument =>
        document is null || Holds(document)
            ? document
            : throw new TamperedDocumentException(Name(typeof(T)), document.Id);

    private static string Name(Type type) =>
        type == typeof(ApiKey) ? "api-key" : type == typeof(ShareRequestView) ? "share-request"
        : type == typeof(SigningKeyView) ? "signing-key" : type == typeof(DeliveryChannelView) ? "delivery-channel"
        : type.Name;

    public static string Compute(IDigestedDocument document)
    {
        var key = _key ?? throw new InvalidOperationException("DocumentDigests.Use was not called at start-up.");
        var node = JsonSerializer.SerializeToNode(document, document.GetType(), HubJson.Options)!.AsObject();
        node.Remove("digest");
        var bytes = Encoding.UTF8.GetBytes(Canonical(node)!.ToJsonString());
        return $"{_keyId}:{Convert.ToHexStringLower(HMACSHA256.HashData(key, bytes))}";
    }

    /// <summary>Members sorted at every level: jsonb keeps no member order, so a dictionary read back from the
    /// database must give the same text as the one written.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        null => null,
        _ => node?.DeepClone(),
    };

    /// <summary>Every checked document whose digest does not hold, for audit verification.</summary>
    public static async Task<IReadOnlyList<TamperedDocument>> Tampered(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var tampered = new List<TamperedDocument>();
        foreach (var (name, all, _) in Checked)
            tampered.AddRange((await all(session, ct)).Where(d => !Holds(d))
                .Select(d => new TamperedDocument(name, d.Id)));
        return tampered;
    }

    /// <summary>
    /// At start-up: documents with no digest yet (a database from before the digests) or one under another audit key
    /// (the key was replaced) are rebuilt from their events and stamped. A digest under the current key that does not
    /// hold is left alone, for verification to report.
    /// </summary>
    public sealed class Stamping(IDocumentStore store, ILogger<Stamping> log) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            var rebuilt = 0;
            await using var session = store.LightweightSession();
            foreach (var (name, all, rebuild) in Checked)
                foreach (var document in await all(session, ct))
                    if (document.Digest is not { } digest || !digest.StartsWith(_keyId + ":", StringComparison.Ordinal))
                    {
                        await rebuild(session, document.Id, ct);
                        rebuilt++;
                    }
            if (rebuilt == 0) return;
            await session.SaveChangesAsync(ct);
            log.LogWarning("Rebuilt {Count} documents that grant rights from their events, with digests", rebuilt);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
