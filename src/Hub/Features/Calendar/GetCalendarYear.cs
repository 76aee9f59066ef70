using Marten;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Calendar;

public static class GetCalendarYearEndpoint
{
    public static async Task<CalendarYearView?> LoadAsync(string year, IQuerySession session, CancellationToken ct) =>
        CalendarRules.YearOf(year) is { } y
            ? await session.LoadAsync<CalendarYearView>(CalendarYearView.StreamKey(y), ct)
            : null;

    public static ProblemDetails Validate(string year, CalendarYearView? view) =>
        CalendarRules.YearOf(year) is null
            ? Problems.Validation("year",
                $"Give a year of four digits, {CalendarRules.FirstYear} to {CalendarRules.LastYear}.")
            : view is null
                ? Problems.NotFound(
                    $"The working-day arrangement of {year} is not published: its deadlines count weekends only.")
                : WolverineContinue.NoProblems;

    /// <summary>The arrangement in force for a year, with its version and who published it when.</summary>
    [WolverineGet("/api/calendar/{year}")]
    [ProducesResponseType<CalendarYearArrangement>(200), ProducesResponseType<ProblemDetails>(404)]
    public static CalendarYearArrangement Get(string year, CalendarYearView view) => view.Arrangement();
}
