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

/// <summary>The provider or the coordinating office revokes a grant; exchanges under it stop at once (no new ones
/// are routed, and answers not yet handed over are withheld: <see cref="HandOver"/>).</summary>
public static class RevokeGrantEndpoint
{
    public static ProblemDetails Validate(ShareRequest state, ClaimsPrincipal user)
    {
        if (!user.IsInRole(Roles.Coordinator) && !user.IsDepartment(state.Provider))
            return Problems.Forbidden("Only the provider or the coordinating office revokes a grant.");
        return state.Grant is not { Active: true }
            ? Problems.Conflict("There is no active grant.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType(202)]
    [WolverinePost("/api/share-requests/{id}/grant/revocation"),
        Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    public static (IResult, Events, OutgoingMessages) Post(
        RevokeGrant request,
        [WriteAggregate] ShareRequest state,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return (Results.Accepted($"/api/share-requests/{state.Id}"),
            [new GrantRevoked(state.Id, request.Reason, user.Id(), now)],
            [SharingNotices.To(state.Consumer, state.Id, "grant-revoked", request.Reason, http.CorrelationId(), now)]);
    }
}
