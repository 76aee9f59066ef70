using Marten.Events.Aggregation;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Licences;

/// <summary>A licence as reads, verification and other features (an outcome's results) see it: a read model only;
/// decisions are taken from <see cref="Licence"/>.</summary>
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
    /// <summary>SHA-256 of each version's canonical document, oldest first: an old copy is recognised as
    /// amended.</summary>
    public List<string> Digests { get; set; } = [];
    public DateTimeOffset PushedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }

    public string Status(DateTimeOffset now) => StatusOf(Document.ValidUntil, RevokedAt is not null, now);

    public static string StatusOf(string? validUntil, bool revoked, DateTimeOffset now) =>
        revoked ? LicenceStatuses.Revoked
        : validUntil is { } until && DateOnly.TryParse(until, out var u) && u < WorkingCalendar.Today(now)
            ? LicenceStatuses.Expired : LicenceStatuses.Valid;

    public LicenceRecord Record(DateTimeOffset now) =>
        new(Id, Revision, Status(now), Document, Signature, PushedAt, RevokedAt, RevocationReason);
}

public sealed class LicenceProjection : SingleStreamProjection<LicenceView, string>
{
    public static LicenceView Create(LicenceIssued e) => new()
    {
        Id = e.LicenceId, Type = e.Type, Number = e.Number, Issuer = e.Issuer, HolderKey = e.HolderKey, Revision = 1,
        Document = e.Document.ToContract(), Signature = e.Signature.ToContract(), Digests = [e.Digest],
        PushedAt = e.PushedAt,
    };

    public static void Apply(LicenceAmended e, LicenceView v)
    {
        (v.Revision, v.Document, v.Signature, v.PushedAt) =
            (e.Version, e.Document.ToContract(), e.Signature.ToContract(), e.PushedAt);
        v.Digests.Add(e.Digest);
    }

    public static void Apply(LicenceRevoked e, LicenceView v) =>
        (v.RevokedAt, v.RevocationReason) = (e.RevokedAt, e.Reason);
}
