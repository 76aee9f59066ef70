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

/// <summary>The consumer contests a rejected share request (or the provider's silence past its deadline).</summary>
public static class RaiseDisputeOnShareRequestEndpoint
{
    public static ProblemDetails Validate(ShareRequest state, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(state.Consumer)) return Problems.Forbidden("Only the consumer contests its request.");
        if (state.State != ShareState.Rejected && !(state.State == ShareState.Pending && state.Breached))
            return Problems.Conflict($"A {state.StateName} request cannot be contested.");
        return state.RuledForProvider
            ? Problems.Conflict("The coordinating office has ruled on this request; the ruling is final.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType<DisputeStatus>(201)]
    [WolverinePost("/api/share-requests/{id}/disputes"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, IStartStream, OutgoingMessages) Post(
        RaiseDispute request,
        [WriteAggregate] ShareRequest state,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock,
        WorkingCalendar calendar)
    {
        var now = clock.GetUtcNow();
        var disputeId = Guid.CreateVersion7().ToString();
        var (result, dispute, messages) = DisputeOpening.Open(disputeId, state.Id, DisputeKind.ShareRequest,
            state.Consumer,
            state.Provider, state.Resource, request.Position, user.Id(), http.CorrelationId(), now,
            calendar.AddWorkingDays(now, Dispute.RulingDays));
        return (result, [new ShareRequestDisputed(state.Id, disputeId, now)], dispute, messages);
    }
}
