using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;

namespace OneThing.Hub.Features.Licences.SigningKeys;

/// <summary>On the stream <c>signing-key/{department}/{keyId}</c>; a key's public part never changes. Keys
/// registered before validity periods existed have no <see cref="ValidUntil"/>: they are valid until revoked.
/// </summary>
public sealed record SigningKeyRegistered(
    string Department,
    string KeyId,
    string Algorithm,
    string PublicKey,
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ValidUntil = null);

/// <summary>The coordinating office vouches for the key: licences signed with it are accepted from now on.</summary>
public sealed record SigningKeyApproved(string Department, string KeyId, string ApprovedBy, DateTimeOffset ApprovedAt);

/// <summary>The key signs nothing more, and what it signed no longer verifies as valid.</summary>
public sealed record SigningKeyRevoked(
    string Department,
    string KeyId,
    string Reason,
    string RevokedBy,
    DateTimeOffset RevokedAt);

/// <summary>The key as pushes and verifications look it up (by id, in the batch of their other reads).</summary>
public sealed class SigningKeyView : IDigestedDocument
{
    public string Id { get; set; } = "";
    public SigningKey Key { get; set; } = null!;
    public string? Digest { get; set; }
    public string? RevocationReason { get; set; }

    public static string StreamKey(string department, string keyId) => $"signing-key/{department}/{keyId}";

    /// <summary>The route's id of a key, <c>{department}.{keyId}</c>: neither part holds a dot.</summary>
    public static string RouteId(string department, string keyId) => $"{department}.{keyId}";

    public static string? StreamKeyOf(string routeId) =>
        routeId.IndexOf('.') is var dot and > 0 && dot < routeId.Length - 1
            ? StreamKey(routeId[..dot], routeId[(dot + 1)..]) : null;

    /// <summary>Why the key may not vouch for a signature made at <paramref name="signedAt"/>, or null.</summary>
    public (string Status, string Reason)? Refusal(DateTimeOffset signedAt) => Key switch
    {
        { RevokedAt: { } at } => (LicenceStatuses.KeyRevoked,
            $"Signing key '{Key.KeyId}' of {Key.Department} was revoked at {at:u}: {RevocationReason}"),
        { ApprovedAt: null } => (LicenceStatuses.KeyNotApproved,
            $"Signing key '{Key.KeyId}' of {Key.Department} is not approved by the coordinating office."),
        { ValidUntil: { } until } when signedAt >= until => (LicenceStatuses.KeyExpired,
            $"Signing key '{Key.KeyId}' of {Key.Department} expired at {until:u}."),
        _ => null,
    };
}

public sealed class SigningKeyProjection : SingleStreamProjection<SigningKeyView, string>
{
    public override SigningKeyView ApplyMetadata(SigningKeyView view, IEvent lastEvent) =>
        DocumentDigests.Stamp(view);

    public static SigningKeyView Create(IEvent<SigningKeyRegistered> e) => new()
    {
        Id = e.StreamKey!,
        Key = new SigningKey(e.Data.Department, e.Data.KeyId, e.Data.Algorithm, e.Data.PublicKey, e.Data.RegisteredAt,
            SigningKeyStatuses.Pending, e.Data.ValidUntil),
    };

    public static void Apply(SigningKeyApproved e, SigningKeyView view) =>
        view.Key = view.Key with { Status = SigningKeyStatuses.Approved, ApprovedAt = e.ApprovedAt };

    public static void Apply(SigningKeyRevoked e, SigningKeyView view)
    {
        view.Key = view.Key with { Status = SigningKeyStatuses.Revoked, RevokedAt = e.RevokedAt };
        view.RevocationReason = e.Reason;
    }
}

/// <summary>What approval and revocation decide on, folded from the key's stream, with its version.</summary>
public sealed record SigningKeyState(string Department, string KeyId, bool Approved, bool Revoked, long Version)
{
    public static async Task<SigningKeyState?> LoadAsync(IQuerySession session, string routeId, CancellationToken ct)
    {
        if (SigningKeyView.StreamKeyOf(routeId) is not { } key) return null;
        var events = await session.Events.FetchStreamAsync(key, token: ct);
        SigningKeyState? state = null;
        foreach (var e in events)
            state = e.Data switch
            {
                SigningKeyRegistered r => new(r.Department, r.KeyId, false, false, e.Version),
                SigningKeyApproved when state is not null => state with { Approved = true, Version = e.Version },
                SigningKeyRevoked when state is not null => state with { Revoked = true, Version = e.Version },
                _ => state,
            };
        return state;
    }

    public string Stream => SigningKeyView.StreamKey(Department, KeyId);
}
