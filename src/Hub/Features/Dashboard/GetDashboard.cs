using Marten;
using Microsoft.AspNetCore.Authorization;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Dashboard;

/// <summary>The dashboard's totals and names, read from the figures documents and the published catalog editions.
/// </summary>
public static class GetDashboard
{
    private const string Readers = $"{Roles.DataCentre},{Roles.Coordinator}";

    [WolverineGet("/api/metrics/dashboard"), Authorize(Roles = Readers)]
    public static async Task<DashboardSummary> Get(IQuerySession session, WorkingCalendar calendar,
        CancellationToken ct)
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
        var names = batch.Query<DepartmentView>()
            .Select(v => new DashboardName(v.Department.Code, v.Department.Name)).ToList();
        await batch.Execute(ct);
        return DashboardReadModel.Of(
            await Metrics.Freshness.Of(session, ct),
            await oneThings,
            await departments,
            await editions,
            await names) with { CalendarPublishedUntil = calendar.PublishedUntil };
    }
}
