using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Calendar;

public static class PublishCalendarYearEndpoint
{
    /// <summary>The year of the route, when it is one, and the version in force (0: not yet published).</summary>
    public sealed record Publication(int? Year, int Version);

    public static async Task<Publication> LoadAsync(string year, IQuerySession session, CancellationToken ct) =>
        CalendarRules.YearOf(year) is { } y
            ? new(y, (await session.LoadAsync<CalendarYearView>(CalendarYearView.StreamKey(y), ct))?.Published.Version
                ?? 0)
            : new(null, 0);

    public static ProblemDetails Validate(string year, PublishCalendarYear request, Publication publication)
    {
        if (publication.Year is not { } y)
            return Problems.Validation("year",
                $"Give a year of four digits, {CalendarRules.FirstYear} to {CalendarRules.LastYear}.");
        var errors = CalendarRules.Check(y, request);
        return errors.Count > 0 ? Problems.Validation(errors) : WolverineContinue.NoProblems;
    }

    /// <summary>The coordinating office publishes a year's arrangement from the State Council's notice, or corrects a
    /// published one with a new version; deadlines computed from then on count by it.</summary>
    [WolverinePut("/api/calendar/{year}"), Authorize(Roles = Roles.Coordinator)]
    [ProducesResponseType<CalendarYearArrangement>(200), ProducesResponseType<ProblemDetails>(409)]
    public static (IResult, IMartenOp) Put(
        string year,
        PublishCalendarYear request,
        Publication publication,
        ClaimsPrincipal user,
        TimeProvider clock)
    {
        var published = CalendarRules.Published(publication.Year!.Value, publication.Version + 1, request, user.Id(),
            clock.GetUtcNow());
        var view = CalendarYearProjection.Create(published);
        return (Results.Ok(view.Arrangement()), new AppendVersion(view.Id, publication.Version, published));
    }

    /// <summary>Version n+1 goes on a stream of n events: two corrections at once, and Marten refuses the second (a
    /// 409), rather than both being numbered alike.</summary>
    public sealed record AppendVersion(string Stream, int Version, CalendarYearPublished Published) : IMartenOp
    {
        // By hand: a first version starts the stream, a correction appends at the version it was decided on.
        public void Execute(IDocumentSession session)
        {
            if (Version == 0) session.Events.StartStream<CalendarYearView>(Stream, Published);
            else session.Events.Append(Stream, Version + 1, Published);
        }
    }
}
