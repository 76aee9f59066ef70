using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Authorization;
using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Metrics;

public sealed record ResourceSlaChanged(string Resource, int ResponseSlaSeconds, int FreshnessSlaHours, string ChangedBy, DateTimeOffset ChangedAt);

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
    public static ServiceSlaView Create(IEvent<ServiceSlaChanged> e) => Apply(e, new ServiceSlaView { Id = e.StreamKey! });
    public static ServiceSlaView Apply(IEvent<ServiceSlaChanged> e, ServiceSlaView v)
    {
        (v.Service, v.TimeLimitDays, v.SetBy, v.SetAt) = (e.Data.Service, e.Data.TimeLimitDays, e.Data.ChangedBy, e.Data.ChangedAt);
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
            resources.Select(r => new ResourceSlaDefinition(r.Resource.Code, r.Resource.Provider, r.Resource.ResponseSlaSeconds, r.Resource.FreshnessSlaHours)).ToList(),
            services.Select(s => new ServiceSlaDefinition(s.Service, s.TimeLimitDays, s.SetBy, s.SetAt)).ToList());
    }

    [WolverinePut("/api/sla/resources/{code}"), Authorize(Roles = Roles.DataCentre)]
    public static async Task<IResult> PutResource(string code, ResourceSla request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<ResourceView>(ResourceView.StreamKey(code), ct) is null) return Results.Problem(Problems.NotFound($"No resource '{code}'."));
        if (request is null || request.ResponseSlaSeconds is < 1 or > 86400 || request.FreshnessSlaHours is < 1 or > 8760)
            return Results.Problem(Problems.Validation("responseSlaSeconds", "Use 1 to 86400 seconds and 1 to 8760 hours."));
        session.Events.Append(ResourceView.StreamKey(code), new ResourceSlaChanged(code, request.ResponseSlaSeconds, request.FreshnessSlaHours, user.Id(), clock.GetUtcNow()));
        return Results.Ok(request);
    }

    [WolverinePut("/api/sla/services/{code}"), Authorize(Roles = Roles.DataCentre)]
    public static async Task<IResult> PutService(string code, ServiceSla request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var editions = await session.Query<Catalog.CatalogEditionView>().ToListAsync(ct);
        if (!editions.Any(e => e.Catalog.OneThings.Any(o => o.Services.Any(s => s.Code == code))))
            return Results.Problem(Problems.NotFound($"No service '{code}' in the catalog."));
        if (request is null || request.TimeLimitDays is < 1 or > 365) return Results.Problem(Problems.Validation("timeLimitDays", "Use 1 to 365 working days."));
        session.Events.Append(ServiceSlaView.StreamKey(code), new ServiceSlaChanged(code, request.TimeLimitDays, user.Id(), clock.GetUtcNow()));
        return Results.Ok(request);
    }
}
