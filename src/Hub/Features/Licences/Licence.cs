using JasperFx.Events;
using Marten.Events.Aggregation;
using Marten.Events.Projections;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Licences;

// A licence's life; its stream key is the licence id. Holder identity numbers appear in the signed document (the
// signature needs them) and, for finding a holder's licences, only as a keyed digest (HolderKey).
public sealed record LicenceIssued(string LicenceId, string Type, string Number, string Issuer, string HolderKey,
    LicenceDocument Document, LicenceSignature Signature, string Digest, string PushedBy, DateTimeOffset PushedAt);

public sealed record LicenceAmended(string LicenceId, int Version, LicenceDocument Document, LicenceSignature Signature, string Digest,
    string PushedBy, DateTimeOffset PushedAt);

public sealed record LicenceRevoked(string LicenceId, string Reason, string RevokedBy, DateTimeOffset RevokedAt);

/// <summary>A read of the licence by a department, with the legal basis it was allowed on.</summary>
public sealed record LicencePulled(string LicenceId, string Department, string Basis, string PulledBy, DateTimeOffset PulledAt);

/// <summary>A read that was refused; on the stream <c>refusals/{department}</c>, so an attempt leaves a trace even for a licence that does not exist.</summary>
public sealed record LicencePullRefused(string Department, string? LicenceId, string? Type, string Reason, string AttemptedBy, DateTimeOffset AttemptedAt);

public sealed record SigningKeyRegistered(string Department, string KeyId, string Algorithm, string PublicKey, string RegisteredBy, DateTimeOffset RegisteredAt);

public sealed record LicenceSubscriptionChanged(string Department, IReadOnlyList<string> Types, string ChangedBy, DateTimeOffset ChangedAt);

public sealed class LicenceView
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string Number { get; set; } = "";
    public string Issuer { get; set; } = "";
    public string HolderKey { get; set; } = "";
    public int Revision { get; set; }   // not "Version": Marten fills a property of that name with the stream version
    public LicenceDocument Document { get; set; } = null!;
    public LicenceSignature Signature { get; set; } = null!;
    /// <summary>SHA-256 of each version's canonical document, oldest first: an old copy is recognised as amended.</summary>
    public List<string> Digests { get; set; } = [];
    public DateTimeOffset PushedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }

    public string Status(DateTimeOffset now) =>
        RevokedAt is not null ? LicenceStatuses.Revoked
        : Document.ValidUntil is { } until && DateOnly.TryParse(until, out var u) && u < WorkingCalendar.Today(now)
            ? LicenceStatuses.Expired : LicenceStatuses.Valid;

    public LicenceRecord Record(DateTimeOffset now) =>
        new(Id, Revision, Status(now), Document, Signature, PushedAt, RevokedAt, RevocationReason);
}

public sealed class LicenceProjection : SingleStreamProjection<LicenceView, string>
{
    public static LicenceView Create(LicenceIssued e) => new()
    {
        Id = e.LicenceId, Type = e.Type, Number = e.Number, Issuer = e.Issuer, HolderKey = e.HolderKey, Revision = 1,
        Document = e.Document, Signature = e.Signature, Digests = [e.Digest], PushedAt = e.PushedAt,
    };

    public static void Apply(LicenceAmended e, LicenceView v)
    {
        (v.Revision, v.Document, v.Signature, v.PushedAt) = (e.Version, e.Document, e.Signature, e.PushedAt);
        v.Digests.Add(e.Digest);
    }

    public static void Apply(LicenceRevoked e, LicenceView v) => (v.RevokedAt, v.RevocationReason) = (e.RevokedAt, e.Reason);
}

/// <summary>
/// Everyone who holds a copy of a licence: who received it as an application material (a lasting legal basis to read
/// it) and who pulled it (on whatever basis it had then, which may have ended). A revocation reaches all of them.
/// </summary>
public sealed class LicenceRecipients
{
    public string Id { get; set; } = "";
    public SortedSet<string> Received { get; set; } = [];
    public SortedSet<string> Pulled { get; set; } = [];
    public IEnumerable<string> Holders => Received.Union(Pulled);
}

public sealed class LicenceRecipientsProjection : MultiStreamProjection<LicenceRecipients, string>
{
    public LicenceRecipientsProjection()
    {
        Identity<LicencePulled>(e => e.LicenceId);
        Identities<ServiceDispatched>(e => e.Materials.Select(m => m.Document?.LicenceId).OfType<string>().Distinct().ToList());
    }

    public static void Apply(LicenceRecipients r, LicencePulled e) => r.Pulled.Add(e.Department);
    public static void Apply(LicenceRecipients r, ServiceDispatched e) => r.Received.Add(e.Department);
}

public sealed class SigningKeyView
{
    public string Id { get; set; } = "";
    public SigningKey Key { get; set; } = null!;
    public static string StreamKey(string department, string keyId) => $"signing-key/{department}/{keyId}";
}

public sealed class SigningKeyProjection : SingleStreamProjection<SigningKeyView, string>
{
    public static SigningKeyView Create(IEvent<SigningKeyRegistered> e) => new()
    {
        Id = e.StreamKey!, Key = new SigningKey(e.Data.Department, e.Data.KeyId, e.Data.Algorithm, e.Data.PublicKey, e.Data.RegisteredAt),
    };
}

public sealed class LicenceSubscriptionView
{
    public string Id { get; set; } = "";
    public string Department { get; set; } = "";
    public List<string> Types { get; set; } = [];
    public static string StreamKey(string department) => $"licence-subscriptions/{department}";
}

public sealed class LicenceSubscriptionProjection : SingleStreamProjection<LicenceSubscriptionView, string>
{
    public static LicenceSubscriptionView Create(IEvent<LicenceSubscriptionChanged> e) => Apply(e, new LicenceSubscriptionView { Id = e.StreamKey! });
    public static LicenceSubscriptionView Apply(IEvent<LicenceSubscriptionChanged> e, LicenceSubscriptionView v)
    {
        (v.Department, v.Types) = (e.Data.Department, [.. e.Data.Types]);
        return v;
    }
}
