using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Ratings;

public static class FollowUpRectificationEndpoint
{
    public static ProblemDetails Validate(FollowUpRectification request, Rectification rectification,
        ClaimsPrincipal user)
    {
        if (!user.IsInRole(Roles.Coordinator) && !user.IsDepartment(rectification.FrontOffice))
            return Problems.Forbidden($"Only {rectification.FrontOffice}, which passed the rating on, or the "
                                      + "coordinating office follows up.");
        if (!FollowUpResults.All.Contains(request.Result))
            return Problems.Validation("result", $"Use one of {string.Join(", ", FollowUpResults.All)}.");
        return rectification.Stage == RectificationStage.Replied
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"The rectification is {rectification.State}: only a replied one is followed up.");
    }

    /// <summary>回访: the front office (or the coordinating office) asks the applicant about the rectification and
    /// records what they said; the case is closed with that result.</summary>
    [ProducesResponseType(202)]
    [WolverinePost("/api/rectifications/{id}/follow-up"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    public static (IResult, Events) Post(
        FollowUpRectification request,
        [WriteAggregate] Rectification rectification,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        (Results.Accepted(RectificationNotices.Location(rectification.Id)),
            [new RectificationFollowedUp(rectification.Id, rectification.Department, request.Result,
                request.Note is { Length: > 0 } note ? note.Trim() : null, user.Id(), clock.GetUtcNow())]);
}
