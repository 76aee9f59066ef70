using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Drafts;

public static class DeclineDraftEndpoint
{
    public static ProblemDetails Validate(Draft draft, ClaimsPrincipal user, TimeProvider clock) =>
        DraftRules.Problem(draft, user, clock.GetUtcNow());

    /// <summary>The applicant did not want the draft (or the front office found it wrong): it is closed.</summary>
    [WolverinePost("/api/drafts/{id}/decline"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType(204)]
    public static (IResult, Events) Post(
        DeclineDraft request,
        [WriteAggregate] Draft draft,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        (Results.NoContent(), [new DraftDeclined(draft.Id, draft.FrontOffice, request.Reason.Trim(), user.Id(),
            clock.GetUtcNow(), draft.OneThing)]);
}

public static class DraftRules
{
    /// <summary>Only the front office it was offered to acts on a draft, and only while it is open.</summary>
    public static ProblemDetails Problem(Draft? draft, ClaimsPrincipal user, DateTimeOffset now)
    {
        if (draft is null) return Problems.NotFound("No such draft.");
        if (!user.IsDepartment(draft.FrontOffice))
            return Problems.Forbidden("Only the front office the draft was offered to acts on it.");
        if (draft.State == DraftState.Open && now >= draft.ExpiresAt) return Problems.Conflict("The draft expired.");
        return draft.State != DraftState.Open
            ? Problems.Conflict($"The draft is {draft.StateName}.")
            : WolverineContinue.NoProblems;
    }
}
