using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Ratings;

public static class AppealRectificationEndpoint
{
    public static async Task<Supervisor> LoadAsync(IQuerySession session, CancellationToken ct) =>
        new(await DepartmentQueries.CoordinatingOffice(session, ct));

    public static ProblemDetails Validate(Rectification rectification, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(rectification.Department))
            return Problems.Forbidden($"Only {rectification.Department}, the rated department, appeals.");
        if (rectification.Appealed) return Problems.Conflict("The rating was appealed once already.");
        return rectification.Stage == RectificationStage.Open
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"The rectification is {rectification.State}: it can no longer be appealed.");
    }

    /// <summary>申诉: the rated department contests the rating (once, before it replies). The appeal goes to the
    /// coordinating office, which decides it; meanwhile the department's clock stops.</summary>
    [ProducesResponseType(202)]
    [WolverinePost("/api/rectifications/{id}/appeal"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(
        AppealRectification request,
        [WriteAggregate] Rectification rectification,
        Supervisor supervisor,
        ClaimsPrincipal user,
        TimeProvider clock,
        WorkingCalendar calendar) =>
        Decide(request, rectification, supervisor.Code, user.Id(), clock.GetUtcNow(), calendar);

    public static (IResult, Events, OutgoingMessages) Decide(AppealRectification request, Rectification rectification,
        string? coordinator, string by, DateTimeOffset now, WorkingCalendar calendar)
    {
        var appealed = new RectificationAppealed(rectification.Id, rectification.Department, request.Reason.Trim(),
            Math.Round(calendar.WorkingDaysBetween(now, rectification.DueAt), 6), by, now);
        var after = rectification.Evolve(appealed);
        var location = RectificationNotices.Location(rectification.Id);
        return (Results.Accepted(location), [appealed],
            coordinator is null ? [] :
            [
                RectificationNotices.To(coordinator, MessageKinds.RectificationAppealed, after, now,
                    $"{rectification.Department} appeals: decide it, POST {location}/appeal/decision"),
            ]);
    }
}
