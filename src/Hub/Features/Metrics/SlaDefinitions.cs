using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Authorization;
using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using Wolverine.Http;

namespace OneThing.Hub.Features.Metrics;

public sealed record ResourceSlaChanged(
    string Resource,
    int ResponseSlaSeconds,
    int FreshnessSlaHours,
    string ChangedBy,
    DateTimeOffset ChangedAt);

public sealed record ServiceSlaChanged(string Service, int TimeLimitDays, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>A service's time limit as the data centre set it; stream <c>service-sla/{code}</c>.</summary>
public sealed class ServiceSlaView
{
    public string Id { get; set; } = "";
    public string Service { get; set; } = "";
    public int TimeLimitDays { get; set; }
    public string SetBy { get; set; } = "";
    public DateTimeOffset SetAt { get; set; }
    public static string StreamKey(string service) => $"service-sla/{service}";
}

public sealed class ServiceSlaProjection : SingleStreamProjection<ServiceSlaView, string>
{
    public static ServiceSlaView Create(IEvent<ServiceSlaChanged> e) =>
        Apply(e, new ServiceSlaView { Id = e.StreamKey! });

    public static ServiceSlaView Apply(IEvent<ServiceSlaChanged> e, ServiceSlaView v)
    {
        (v.Service, v.TimeLimitDays, v.SetBy, v.SetAt) =
            (e.Data.Service, e.Data.TimeLimitDays, e.Data.ChangedBy, e.Data.ChangedAt);
        return v;
    }
}

/// <summary>SLA definitions: resources' response and freshness SLAs, services' committed time limits.</summary>
public static class SlaDefinitionEndpoints
{
    [WolverineGet("/api/sla"), Authorize(Roles = $"{Roles.DataCentre},{Roles.Coordinator}")]
    public static async Task<SlaDefinitions> Get(IQuerySession session, CancellationToken ct)
    {
        var resources = await session.Query<ResourceView>().OrderBy(r => r.Id).ToListAsync(ct);
        var services = await session.Query<ServiceSlaView>().OrderBy(s => s.Id).ToListAsync(ct);
        return new SlaDefinitions(
            [.. resources.Select(r => new ResourceSlaDefinition(
                r.Resource.Code, r.Resource.Provider, r.Resource.ResponseSlaSeconds, r.Resource.FreshnessSlaHours))],
            [.. services.Select(s => new ServiceSlaDefinition(s.Service, s.TimeLimitDays, s.SetBy, s.SetAt))]);
    }
}
