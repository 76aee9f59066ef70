using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Ratings;

public static class DecideRectificationAppealEndpoint
{
    public static ProblemDetails Validate(Rectification rectification) =>
        rectification.Stage == RectificationStage.Appealed
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"The rectification is {rectification.State}: there is no appeal to decide.");

    /// <summary>
    /// The coordinating office decides an appeal. Upheld (a rating that was not the department's doing, or made in
    /// bad faith): the rating no longer counts and the case ends. Refused: the department owes its reply, with the
    /// working time it had left when it appealed; a new deadline check is scheduled.
    /// </summary>
    [ProducesResponseType(202)]
    [WolverinePost("/api/rectifications/{id}/appeal/decision"), Authorize(Roles = Roles.Coordinator)]
    public static (IResult, Events, OutgoingMessages) Post(
        DecideRectificationAppeal request,
        [WriteAggregate] Rectification rectification,
        ClaimsPrincipal user,
        TimeProvider clock,
        WorkingCalendar calendar) =>
        Decide(request, rectification, user.Id(), clock.GetUtcNow(), calendar);

    public static (IResult, Events, OutgoingMessages) Decide(DecideRectificationAppeal request,
        Rectification rectification, string by, DateTimeOffset now, WorkingCalendar calendar)
    {
        DateTimeOffset? due = request.Upheld ? null
            : calendar.AddWorkingTime(now, rectification.DaysLeftWhenAppealed ?? 0);
        var decided = new RectificationAppealDecided(rectification.Id, rectification.Department, request.Upheld,
            request.Decision.Trim(), due, by, now);
        var after = rectification.Evolve(decided);
        var messages = new OutgoingMessages();
        foreach (var party in new[] { rectification.Department, rectification.FrontOffice }.Distinct())
            messages.Add(RectificationNotices.To(party, MessageKinds.RectificationAppealDecided, after, now,
                decided.Decision));
        // Past its deadline already (appealed late), it is overdue at once; otherwise the new deadline is watched.
        if (due is { } d) messages.Add(new RectificationDue(rectification.Id, d).ScheduledAt(d));
        return (Results.Accepted(RectificationNotices.Location(rectification.Id)), [decided], messages);
    }
}
