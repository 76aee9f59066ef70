using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Metrics;

/// <summary>
/// The data centre sets a resource's SLAs. A new setting replaces the last whatever it was: nothing is decided on the
/// resource's state but that it exists, so the change is appended without a version check.
/// </summary>
public static class SetResourceSlaEndpoint
{
    public sealed record Resource(bool Exists);

    public static async Task<Resource> LoadAsync(string code, IQuerySession session, CancellationToken ct) =>
        new(await session.Events.FetchStreamStateAsync(ResourceView.StreamKey(code), ct) is not null);

    public static ProblemDetails Validate(string code, ResourceSla request, Resource resource)
    {
        if (!resource.Exists) return Problems.NotFound($"No resource '{code}'.");
        return request is null || request.ResponseSlaSeconds is < 1 or > 86400
            || request.FreshnessSlaHours is < 1 or > 8760
            ? Problems.Validation("responseSlaSeconds", "Use 1 to 86400 seconds and 1 to 8760 hours.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType<ResourceSla>(200)]
    [WolverinePut("/api/sla/resources/{code}"), Authorize(Roles = Roles.DataCentre)]
    public static (IResult, IMartenOp) PutResource(
        string code,
        ResourceSla request,
        ClaimsPrincipal user,
        TimeProvider clock)
    {
        var changed = new ResourceSlaChanged(
            code, request.ResponseSlaSeconds, request.FreshnessSlaHours, user.Id(), clock.GetUtcNow());
        return (Results.Ok(request), MartenOps.Append(ResourceView.StreamKey(code), changed));
    }
}
