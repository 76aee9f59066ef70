using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Hub.Features.Audit;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Access;

/// <summary>A key's issue. <see cref="ExpiresAt"/> is missing from keys issued before keys expired: they expire
/// <see cref="KeyPolicy.DefaultLifetime"/> after their issue. <see cref="EnrolmentId"/> names the enrolment it
/// was redeemed from, <see cref="RotatedFrom"/> the key it replaces.</summary>
public sealed record ApiKeyIssued(
    string KeyId,
    string Hash,
    string Department,
    string Role,
    string? Label,
    string IssuedBy,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpiresAt = null,
    string? EnrolmentId = null,
    string? RotatedFrom = null);

public sealed record ApiKeyRevoked(string KeyId, string Reason, string RevokedBy, DateTimeOffset RevokedAt);

/// <summary>The key was replaced by <see cref="ReplacedBy"/>; it works until <see cref="WorksUntil"/>.</summary>
public sealed record ApiKeyRotated(
    string KeyId,
    string ReplacedBy,
    DateTimeOffset WorksUntil,
    string RotatedBy,
    DateTimeOffset RotatedAt);

public enum ApiKeyStatus { Active, Revoked }

/// <summary>What a revocation or a rotation decides on: whose key it is, its role, whether it still works.
/// Stream: the key id.</summary>
public sealed record ApiKeyState(
    string Id,
    string Department,
    ApiKeyStatus Status,
    string Role = Roles.Department,
    DateTimeOffset ExpiresAt = default,
    string? ReplacedBy = null)
{
    public static ApiKeyState Create(ApiKeyIssued e) =>
        new(e.KeyId, e.Department, ApiKeyStatus.Active, e.Role, KeyPolicy.ExpiryOf(e));

    public ApiKeyState Apply(ApiKeyRevoked e) => this with { Status = ApiKeyStatus.Revoked };

    public ApiKeyState Apply(ApiKeyRotated e) =>
        this with { ReplacedBy = e.ReplacedBy, ExpiresAt = e.WorksUntil < ExpiresAt ? e.WorksUntil : ExpiresAt };

    public bool Works(DateTimeOffset now) => Status == ApiKeyStatus.Active && now < ExpiresAt;
}

/// <summary>What authentication needs of a key: never the key itself, only its hash.</summary>
public sealed class ApiKey : IDigestedDocument
{
    public string Id { get; set; } = "";
    public string Hash { get; set; } = "";
    public string Department { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Label { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? Digest { get; set; }

    /// <summary>Null in documents written before keys expired: then a year after the issue.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? ReplacedBy { get; set; }

    // A method, not a property: the stored document holds what the events said, nothing derived.
    public DateTimeOffset Expiry() => ExpiresAt ?? IssuedAt + KeyPolicy.DefaultLifetime;

    public bool Works(DateTimeOffset now) => (RevokedAt is not { } revoked || revoked > now) && now < Expiry();

    public ApiKeyInfo ToContract() => new(Id, Department, Role, Label, IssuedAt, Expiry(), RevokedAt, ReplacedBy);
}

/// <summary>Inline, so that a key works from the moment its issue is committed.</summary>
public sealed class ApiKeyProjection : SingleStreamProjection<ApiKey, string>
{
    public static ApiKey Create(ApiKeyIssued e) => new()
    {
        Id = e.KeyId, Hash = e.Hash, Department = e.Department, Role = e.Role, Label = e.Label, IssuedAt = e.IssuedAt,
        ExpiresAt = e.ExpiresAt,
    };

    public static void Apply(ApiKeyRevoked e, ApiKey key) => key.RevokedAt = e.RevokedAt;

    public override ApiKey ApplyMetadata(ApiKey key, IEvent lastEvent) => DocumentDigests.Stamp(key);
    public static void Apply(ApiKeyRotated e, ApiKey key)
    {
        key.ReplacedBy = e.ReplacedBy;
        if (e.WorksUntil < key.Expiry()) key.ExpiresAt = e.WorksUntil;
    }
}
