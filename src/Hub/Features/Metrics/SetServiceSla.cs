using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Metrics;

/// <summary>
/// The data centre sets a service's committed time limit for new applications. A new limit replaces the last
/// whatever it was: nothing is decided on the stream's state, so the change is appended without a version check.
/// </summary>
public static class SetServiceSlaEndpoint
{
    /// <summary>Whether any published edition has the service (editions are few and read whole).</summary>
    public sealed record Service(bool InCatalog);

    public static async Task<Service> LoadAsync(string code, IQuerySession session, CancellationToken ct) =>
        new((await session.Query<CatalogEditionView>().ToListAsync(ct))
            .Any(e => e.Catalog.OneThings.Any(o => o.Services.Any(s => s.Code == code))));

    public static ProblemDetails Validate(string code, ServiceSla request, Service service)
    {
        if (!service.InCatalog) return Problems.NotFound($"No service '{code}' in the catalog.");
        return request is null || request.TimeLimitDays is < 1 or > 365
            ? Problems.Validation("timeLimitDays", "Use 1 to 365 working days.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType<ServiceSla>(200)]
    [WolverinePut("/api/sla/services/{code}"), Authorize(Roles = Roles.DataCentre)]
    public static (IResult, IMartenOp) PutService(
        string code,
        ServiceSla request,
        ClaimsPrincipal user,
        TimeProvider clock)
    {
        var changed = new ServiceSlaChanged(code, request.TimeLimitDays, user.Id(), clock.GetUtcNow());
        return (Results.Ok(request), MartenOps.Append(ServiceSlaView.StreamKey(code), changed));
    }
}
