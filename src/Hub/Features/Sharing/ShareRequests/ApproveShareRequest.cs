using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>
/// The provider approves, possibly narrowing the fields and the validity. An approval and a rejection arriving
/// together both load the same version: the first to commit wins, the other is a 409 (optimistic version).
/// </summary>
public static class ApproveShareRequestEndpoint
{
    public static ProblemDetails Validate(ApproveShareRequest? request, ShareRequest state, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(state.Provider))
            return Problems.Forbidden($"Only the provider, {state.Provider}, answers this request.");
        if (state.State != ShareState.Pending) return Problems.Conflict($"The request is {state.StateName}.");
        var fields = request?.Fields ?? state.Fields;
        if (fields.Any(f => !state.Fields.Contains(f)))
            return Problems.Validation("fields", "Approve some of the requested fields, no others.");
        var until = request?.ValidUntil ?? state.ValidUntil;
        return !DateOnly.TryParseExact(until, "yyyy-MM-dd", out var u) || u > DateOnly.Parse(state.ValidUntil)
            ? Problems.Validation("validUntil", "At most the requested validity (yyyy-MM-dd).")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType(202)]
    [WolverinePost("/api/share-requests/{id}/approval"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(
        ApproveShareRequest? request,
        [WriteAggregate] ShareRequest state,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var fields = (request?.Fields ?? state.Fields).Distinct().ToList();
        var until = request?.ValidUntil ?? state.ValidUntil;
        return (Results.Accepted($"/api/share-requests/{state.Id}"),
            [new ShareRequestGranted(state.Id, state.Resource, state.Provider, fields, until, state.Purpose, "provider",
                state.InTime(now), user.Id(), now)],
            [SharingNotices.To(state.Consumer, state.Id, "granted",
                $"{state.Resource}: {string.Join(", ", fields)} until {until}",
                http.CorrelationId(), now)]);
    }
}
