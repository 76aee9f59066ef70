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

public static class ReplyToRectificationEndpoint
{
    public static ProblemDetails Validate(Rectification rectification, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(rectification.Department))
            return Problems.Forbidden($"Only {rectification.Department}, the rated department, replies.");
        return rectification.Stage == RectificationStage.Open
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"The rectification is {rectification.State}: there is nothing to reply to.");
    }

    /// <summary>The rated department's reply (整改情况): in time or late; the front office hears of it to follow it
    /// up.</summary>
    [ProducesResponseType(202)]
    [WolverinePost("/api/rectifications/{id}/reply"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(
        ReplyToRectification request,
        [WriteAggregate] Rectification rectification,
        ClaimsPrincipal user,
        TimeProvider clock) =>
        Decide(request, rectification, user.Id(), clock.GetUtcNow());

    public static (IResult, Events, OutgoingMessages) Decide(ReplyToRectification request, Rectification rectification,
        string by, DateTimeOffset now)
    {
        var replied = new RectificationReplied(rectification.Id, rectification.Department, request.Reply.Trim(),
            now <= rectification.DueAt, by, now);
        var after = rectification.Evolve(replied);
        return (Results.Accepted(RectificationNotices.Location(rectification.Id)), [replied],
            [RectificationNotices.To(rectification.FrontOffice, MessageKinds.RectificationReplied, after, now,
                "Follow it up: POST " + RectificationNotices.Location(rectification.Id) + "/follow-up")]);
    }
}
