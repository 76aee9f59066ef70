using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Sharing;

/// <summary>The resource as the catalogue of resources shows it (a read model: decisions use <see
/// cref="Resource"/>).</summary>
public sealed class ResourceView
{
    public string Id { get; set; } = "";
    public DataResource Resource { get; set; } = null!;
    public static string StreamKey(string code) => Sharing.Resource.StreamKey(code);
}

public sealed class ResourceProjection : SingleStreamProjection<ResourceView, string>
{
    public static ResourceView Create(IEvent<ResourceRegistered> e) => new()
    {
        Id = e.StreamKey!,
        Resource = new DataResource(e.Data.Code, e.Data.Name, e.Data.Provider, e.Data.SharingClass,
            [.. e.Data.Fields.Select(f => f.ToContract())], e.Data.RecordSchema, e.Data.ResponseSlaSeconds,
            e.Data.FreshnessSlaHours, e.Data.QueryBy, e.Data.ApprovalDays, e.Data.RegisteredAt, e.Data.Description),
    };

    public static void Apply(ResourceSchemaChanged e, ResourceView v) =>
        v.Resource = v.Resource with
        {
            Fields = [.. e.Fields.Select(f => f.ToContract())], RecordSchema = e.RecordSchema, QueryBy = e.QueryBy,
            Version = e.Version,
        };

    public static void Apply(ResourceRetired e, ResourceView v) =>
        v.Resource = v.Resource with { RetiredAt = e.RetiredAt, RetiredReason = e.Reason };

    public static void Apply(Metrics.ResourceSlaChanged e, ResourceView v) =>
        v.Resource = v.Resource with { ResponseSlaSeconds = e.ResponseSlaSeconds,
            FreshnessSlaHours = e.FreshnessSlaHours };
}
