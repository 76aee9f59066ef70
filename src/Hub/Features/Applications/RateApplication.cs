using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Applications;

public static class RateApplicationEndpoint
{
    public static ProblemDetails Validate(Application application, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(application.FrontOffice))
            return Problems.Forbidden("Only the front office of this application passes on its rating.");
        if (!application.Finished) return Problems.Conflict("The application is not finished yet.");
        return application.Rated
            ? Problems.Conflict("The application is already rated.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>好差评: the applicant's rating of the finished application, once.</summary>
    /// <remarks>
    /// Optimistic: a finished application has no other writer, and of two ratings at once one is refused.
    /// </remarks>
    [ProducesResponseType(202)]
    [WolverinePost("/api/applications/{id}/rating"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events) Post(
        RateApplication request,
        [WriteAggregate] Application application,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        (Results.Accepted($"/api/applications/{application.Id}"),
            [new ApplicationRated(application.Id, application.OneThing, request.Score, null, user.Id(),
                clock.GetUtcNow(), request.Comment is { Length: > 0 } said ? said : null)]);
}
