using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>The provider states its position before the ruling.</summary>
public static class StatePositionEndpoint
{
    public static ProblemDetails Validate(Dispute dispute, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(dispute.Provider))
            return Problems.Forbidden("Only the provider states its position here.");
        return dispute.State != DisputeState.Open
            ? Problems.Conflict("The dispute is ruled.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType(202)]
    [WolverinePost("/api/disputes/{id}/position"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events) Post(
        StatePosition request,
        [WriteAggregate] Dispute dispute,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        (Results.Accepted($"/api/disputes/{dispute.Id}"),
            [new DisputePositionStated(dispute.Id, "provider", request.Position, user.Id(), clock.GetUtcNow())]);
}
