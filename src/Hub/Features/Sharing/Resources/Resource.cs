using System.Text.Json;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Sharing;

// Stream resource/{code}: a provider's data resource. Metrics appends ResourceSlaChanged to the same stream.

/// <summary>One field of a resource as the hub stores it (the JSON of <see cref="ResourceField"/>).</summary>
public sealed record ResourceFieldRecord(string Code, string Label, string Type, bool Personal)
{
    public static ResourceFieldRecord From(ResourceField f) => new(f.Code, f.Label, f.Type, f.Personal);
    public ResourceField ToContract() => new(Code, Label, Type, Personal);
}

public sealed record ResourceRegistered(
    string Code,
    string Name,
    string Provider,
    string SharingClass,
    IReadOnlyList<ResourceFieldRecord> Fields,
    JsonElement RecordSchema,
    int ResponseSlaSeconds,
    int FreshnessSlaHours,
    IReadOnlyList<string> QueryBy,
    int ApprovalDays,
    string? Description,
    string RegisteredBy,
    DateTimeOffset RegisteredAt);

public enum ResourceSharing { Unconditional, Conditional, NotShared }

/// <summary>What requests and exchanges decide on: who provides it, how it is shared, what it holds.
/// <see cref="Id"/> is the stream key.</summary>
public sealed record Resource(
    string Id,
    string Code,
    string Name,
    string Provider,
    ResourceSharing Sharing,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> QueryBy,
    JsonElement RecordSchema,
    int ResponseSlaSeconds,
    int ApprovalDays,
    DateTimeOffset RegisteredAt,
    int Version = 1,
    bool Retired = false)
{
    public static string StreamKey(string code) => $"resource/{code}";

    public static ResourceSharing SharingOf(string sharingClass) => sharingClass switch
    {
        SharingClasses.Unconditional => ResourceSharing.Unconditional,
        SharingClasses.Conditional => ResourceSharing.Conditional,
        _ => ResourceSharing.NotShared,
    };

    public static Resource Create(ResourceRegistered e) =>
        new(StreamKey(e.Code), e.Code, e.Name, e.Provider, SharingOf(e.SharingClass),
            [.. e.Fields.Select(f => f.Code)], e.QueryBy,
            e.RecordSchema, e.ResponseSlaSeconds, e.ApprovalDays, e.RegisteredAt);

    public Resource Apply(Metrics.ResourceSlaChanged e) => this with { ResponseSlaSeconds = e.ResponseSlaSeconds };

    public Resource Apply(ResourceSchemaChanged e) => this with
    {
        Fields = [.. e.Fields.Select(f => f.Code)], QueryBy = e.QueryBy, RecordSchema = e.RecordSchema,
        Version = e.Version,
    };

    public Resource Apply(ResourceRetired e) => this with { Retired = true };
}
