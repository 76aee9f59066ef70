using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;

namespace OneThing.Hub.Features.Licences.SigningKeys;

/// <summary>On the stream <c>signing-key/{department}/{keyId}</c>; a key is registered once and never
/// changes.</summary>
public sealed record SigningKeyRegistered(
    string Department,
    string KeyId,
    string Algorithm,
    string PublicKey,
    string RegisteredBy,
    DateTimeOffset RegisteredAt);

/// <summary>The key as pushes and verifications look it up (by id, in the batch of their other reads).</summary>
public sealed class SigningKeyView : IDigestedDocument
{
    public string Id { get; set; } = "";
    public SigningKey Key { get; set; } = null!;
    public string? Digest { get; set; }
    public static string StreamKey(string department, string keyId) => $"signing-key/{department}/{keyId}";
}

public sealed class SigningKeyProjection : SingleStreamProjection<SigningKeyView, string>
{
    public override SigningKeyView ApplyMetadata(SigningKeyView view, IEvent lastEvent) =>
        DocumentDigests.Stamp(view);

    public static SigningKeyView Create(IEvent<SigningKeyRegistered> e) => new()
    {
        Id = e.StreamKey!,
        Key = new SigningKey(e.Data.Department, e.Data.KeyId, e.Data.Algorithm, e.Data.PublicKey, e.Data.RegisteredAt),
    };
}
