using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Hub.Features.Audit;

namespace OneThing.Hub.Features.Access;

public sealed record ApiKeyIssued(
    string KeyId,
    string Hash,
    string Department,
    string Role,
    string? Label,
    string IssuedBy,
    DateTimeOffset IssuedAt);

public sealed record ApiKeyRevoked(string KeyId, string Reason, string RevokedBy, DateTimeOffset RevokedAt);

public enum ApiKeyStatus { Active, Revoked }

/// <summary>What a revocation decides on: whose key it is and whether it still works. Stream: the key id.</summary>
public sealed record ApiKeyState(string Id, string Department, ApiKeyStatus Status)
{
    public static ApiKeyState Create(ApiKeyIssued e) => new(e.KeyId, e.Department, ApiKeyStatus.Active);

    public ApiKeyState Apply(ApiKeyRevoked e) => this with { Status = ApiKeyStatus.Revoked };
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
}

/// <summary>Inline, so that a key works from the moment its issue is committed.</summary>
public sealed class ApiKeyProjection : SingleStreamProjection<ApiKey, string>
{
    public static ApiKey Create(ApiKeyIssued e) => new()
    {
        Id = e.KeyId, Hash = e.Hash, Department = e.Department, Role = e.Role, Label = e.Label, IssuedAt = e.IssuedAt,
    };

    public static void Apply(ApiKeyRevoked e, ApiKey key) => key.RevokedAt = e.RevokedAt;

    public override ApiKey ApplyMetadata(ApiKey key, IEvent lastEvent) => DocumentDigests.Stamp(key);
}
