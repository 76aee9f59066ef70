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

/// <summary>The provider rejects, with its reasons; the consumer may contest it.</summary>
public static class RejectShareRequestEndpoint
{
    public static ProblemDetails Validate(ShareRequest state, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(state.Provider))
            return Problems.Forbidden($"Only the provider, {state.Provider}, answers this request.");
        return state.State != ShareState.Pending
            ? Problems.Conflict($"The request is {state.StateName}.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType(202)]
    [WolverinePost("/api/share-requests/{id}/rejection"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(
        RejectShareRequest request,
        [WriteAggregate] ShareRequest state,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return (Results.Accepted($"/api/share-requests/{state.Id}"),
            [new ShareRequestRejected(state.Id, state.Resource, state.Provider, request.Reasons, state.InTime(now),
                user.Id(), now)],
            [SharingNotices.To(state.Consumer, state.Id, "rejected", string.Join("; ", request.Reasons),
                http.CorrelationId(), now)]);
    }
}
