using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Hub.Features.Calendar;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Features.Ratings;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Dashboard;

/// <summary>The dashboard's totals and names, read from the figures documents and the published catalog editions.
/// </summary>
public static class GetDashboard
{
    private const string Readers = $"{Roles.DataCentre},{Roles.Coordinator}";

    public static ProblemDetails Validate(string? window) => MetricWindow.Check(window);

    [WolverineGet("/api/metrics/dashboard"), Authorize(Roles = Readers)]
    [ProducesResponseType<DashboardSummary>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<DashboardSummary> Get(string? window, IQuerySession session, WorkingCalendar calendar,
        TimeProvider clock, CancellationToken ct)
    {
        // One round trip for the four tables; each query selects only the fields the totals and names need.
        var batch = session.CreateBatchQuery();
        var oneThings = batch.Query<OneThingFigures>()
            .Select(f => new OneThingTotals(f.Applications, f.Finished, f.Ratings, f.FieldsFilled, f.MaterialsSpared))
            .ToList();
        var departments = batch.Query<DepartmentFigures>()
            .Select(f => new DepartmentTotals(f.ServicesCompleted, f.CompletedWithinLimit, f.ExchangesAnswered))
            .ToList();
        // Marten's LINQ would read every edition whole (a catalog with its guides, hundreds of KB) to pick the names
        // in memory on each poll; PostgreSQL picks them here and sends only codes and names.
        var editions = batch.Query<EditionNames>(
            $"""
            select jsonb_build_object('edition', e.data ->> 'edition', 'oneThings', jsonb_agg(
                jsonb_build_object('code', o.value ->> 'code', 'name', o.value ->> 'name') order by o.n))
            from {session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_catalogeditionview e,
                jsonb_array_elements(e.data -> 'catalog' -> 'oneThings') with ordinality o(value, n)
            group by e.id, e.data ->> 'edition'
            """);
        // Whole, one small document per rated department: Marten does not select the count of a stored set.
        var ratings = batch.Query<RatingFigures>().ToList();
        var names = batch.Query<DepartmentView>()
            .Select(v => new DashboardName(v.Department.Code, v.Department.Name)).ToList();
        await batch.Execute(ct);
        var summary = DashboardReadModel.Of(
            await Metrics.Freshness.Of(session, ct),
            await oneThings,
            await departments,
            await editions,
            await names) with
        {
            CalendarPublishedUntil = calendar.PublishedUntil,
            ProvisionalDeadlines = await ProvisionalDeadlines.Count(session, calendar, ct),
            Ratings = DashboardReadModel.Ratings(
                [.. (await ratings).Select(f => new RatingTotals(f.Levels, f.Open.Count, f.OverdueNow.Count))]),
        };
        if (MetricWindow.Of(window, clock.GetUtcNow()) is not { } w) return summary;
        // A window's totals add up its buckets as the all-time totals add up the figures documents.
        var sum = await WindowReads.Figures(session, w, ct);
        return summary with
        {
            Totals = DashboardReadModel.Totals(
                [.. sum.OneThings.Values.Select(f => new OneThingTotals(f.Applications, f.Finished, f.Ratings,
                    f.FieldsFilled, f.MaterialsSpared))],
                [.. sum.Departments.Values.Select(f => new DepartmentTotals(f.ServicesCompleted,
                    f.CompletedWithinLimit, f.ExchangesAnswered))]),
            Window = w.Contract(),
        };
    }
}
