using Marten;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Metrics;

/// <summary>The big data centre's figures: read from the async projections, with how fresh they are.</summary>
public static class MetricsEndpoints
{
    private const string Readers = $"{Roles.DataCentre},{Roles.Coordinator}";

    [WolverineGet("/api/metrics/departments"), Authorize(Roles = Readers)]
    public static async Task<DepartmentMetricsList> Departments(IQuerySession session, CancellationToken ct)
    {
        var names = (await session.Query<DepartmentView>().ToListAsync(ct)).ToDictionary(
            d => d.Department.Code,
            d => d.Department.Name
        );
        var figures = await session.Query<DepartmentFigures>().OrderBy(f => f.Id).ToListAsync(ct);
        return new DepartmentMetricsList(
            await Freshness.Of(session, ct),
            figures
                .Select(f => new DepartmentMetrics(
                    f.Id,
                    names.GetValueOrDefault(f.Id, f.Id),
                    f.ServicesDispatched,
                    f.ServicesCompleted,
                    f.ServicesRejected,
                    f.CompletedWithinLimit,
                    f.OverdueNow.Count,
                    f.ProcessingHours.Timing("hours"),
                    f.ShareRequestsAnswered,
                    f.ShareRequestsAnsweredInTime,
                    f.ShareRequestBreaches,
                    f.ExchangesAnswered,
                    f.ExchangeAnswerMs.Timing("ms"),
                    f.InvalidAnswers,
                    f.ExchangeTimeouts,
                    f.QualityReports,
                    f.Deliveries,
                    f.DeliveryFailures,
                    Rate(f.Deliveries, f.Deliveries + f.DeliveryFailures) ?? 1,
                    Rate(
                        f.CompletedWithinLimit + f.ShareRequestsAnsweredInTime,
                        f.ServicesCompleted + f.ShareRequestsAnswered
                    ),
                    Rate(Math.Max(0, f.ExchangesAnswered - f.QualityReports), f.ExchangesAnswered + f.InvalidAnswers),
                    f.Escalations
                ))
                .ToList()
        );
    }

    [WolverineGet("/api/metrics/resources"), Authorize(Roles = Readers)]
    public static async Task<ResourceMetricsList> Resources(IQuerySession session, CancellationToken ct) =>
        new(
            await Freshness.Of(session, ct),
            (await session.Query<ResourceFigures>().OrderBy(f => f.Id).ToListAsync(ct))
                .Select(f => new ResourceMetrics(
                    f.Id,
                    f.Provider,
                    f.Exchanges,
                    f.AnswerMs.Timing("ms"),
                    f.SlowAnswers,
                    f.InvalidAnswers,
                    f.Timeouts,
                    f.QualityReports
                ))
                .ToList()
        );

    [WolverineGet("/api/metrics/one-things"), Authorize(Roles = Readers)]
    public static async Task<OneThingMetricsList> OneThings(IQuerySession session, CancellationToken ct)
    {
        var figures = await session.Query<OneThingFigures>().OrderBy(f => f.Id).ToListAsync(ct);
        var days = await session.Query<DayFigures>().OrderByDescending(d => d.Id).Take(60).ToListAsync(ct);
        return new OneThingMetricsList(
            await Freshness.Of(session, ct),
            figures
                .Select(f => new OneThingMetrics(
                    f.Id,
                    f.Applications,
                    f.Finished,
                    f.Completed,
                    f.PartiallyCompleted,
                    f.Rejected,
                    f.Hours.Timing("hours"),
                    f.Ratings,
                    f.MaterialsSpared,
                    f.Ratings.Sum() == 0
                        ? null
                        : Math.Round(f.Ratings.Select((n, i) => n * (i + 1.0)).Sum() / f.Ratings.Sum(), 3),
                    f.FieldsFilled,
                    // Figures stored before drafts existed have no counts (null): none were made.
                    f.Drafts is [var prepared, var submitted, var declined, var expired]
                        ? new DraftCounts(prepared, submitted, declined, expired)
                        : new DraftCounts(0, 0, 0, 0)
                ))
                .ToList(),
            days.OrderBy(d => d.Id)
                .Select(d => new DayMetrics(d.Id, d.Applications, d.ServicesCompleted, d.Exchanges, d.Breaches))
                .ToList()
        );
    }

    /// <summary>SLA breaches, newest first.</summary>
    [WolverineGet("/api/sla/breaches"), Authorize(Roles = Roles.DataCentre)]
    public static async Task<IResult> Breaches(int? limit, IQuerySession session, CancellationToken ct)
    {
        if (limit is < 1 or > 1000)
            return Results.Problem(Problems.Validation("limit", "Use 1 to 1000."));
        var total = await session.Query<SlaBreachDoc>().CountAsync(ct);
        var breaches = await session
            .Query<SlaBreachDoc>()
            .OrderByDescending(b => b.NoticedAt)
            .Take(limit ?? 100)
            .ToListAsync(ct);
        return Results.Ok(
            new SlaBreachList(
                await Freshness.Of(session, ct),
                total,
                breaches
                    .Select(b => new SlaBreach(b.Id, b.Kind, b.Subject, b.Department, b.DueAt, b.NoticedAt, b.Detail))
                    .ToList()
            )
        );
    }

    /// <summary>The plan's yearly targets: each city department completes at least one One Thing (one it leads),
    /// each district's office at least ten distinct ones.</summary>
    [WolverineGet("/api/metrics/targets"), Authorize(Roles = Readers)]
    public static async Task<IResult> Targets(
        int? year,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var y = year ?? clock.GetUtcNow().ToOffset(WorkingCalendar.Beijing).Year;
        if (y is < 2022 or > 2100)
            return Results.Problem(Problems.Validation("year", "Use a year from 2022."));
        var figures = await session.LoadAsync<YearFigures>(y.ToString(), ct) ?? new YearFigures();
        var catalog =
            (await session.Query<CatalogEditionView>().Where(e => e.Edition == y.ToString()).FirstOrDefaultAsync(ct))
            ?? (await session.Query<CatalogEditionView>().OrderByDescending(e => e.Edition).ToListAsync(ct)).First(e =>
                string.CompareOrdinal(e.Edition, y.ToString()) <= 0
            );
        var departments = await session.Query<DepartmentView>().ToListAsync(ct);
        var targets = new List<TargetStatus>();
        foreach (var d in departments.Select(v => v.Department).OrderBy(d => d.Code))
        {
            if (d.Kind == DepartmentKinds.DistrictOffice)
            {
                var done = figures.ByFrontOffice.GetValueOrDefault(d.Code) ?? [];
                targets.Add(
                    new TargetStatus(
                        d.Code,
                        d.Name,
                        "district",
                        10,
                        done.Count,
                        done.Count >= 10,
                        done.Order().ToList()
                    )
                );
            }
            else if (
                d.Kind is DepartmentKinds.CityDepartment or DepartmentKinds.PublicEnterprise or DepartmentKinds.Military
            )
            {
                var led = catalog
                    .Catalog.OneThings.Where(o => o.LeadUnits.Contains(d.Code))
                    .Select(o => o.Code)
                    .Where(figures.Completed.Contains)
                    .ToList();
                targets.Add(new TargetStatus(d.Code, d.Name, "city", 1, led.Count, led.Count >= 1, led));
            }
        }
        return Results.Ok(new TargetList(y, targets.Count(t => t.Met), targets.Count, targets));
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

/// <summary>How far the async projections are behind the newest event, in events and in seconds.</summary>
public static class Freshness
{
    public static async Task<Contracts.Freshness> Of(IQuerySession session, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            select coalesce((select max(seq_id) from hub.mt_events), 0),
                   coalesce((select min(last_seq_id) from hub.mt_event_progression where name like '%:All'), 0)
            """,
            (NpgsqlConnection)session.Connection!
        );
        long high,
            processed;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (high, processed) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        var lag = 0.0;
        if (processed < high)
        {
            await using var oldest = new NpgsqlCommand(
                "select extract(epoch from now() - timestamp) from hub.mt_events where seq_id > @p order by seq_id "
                + "limit 1",
                (NpgsqlConnection)session.Connection!
            );
            oldest.Parameters.AddWithValue("p", processed);
            lag = Convert.ToDouble(await oldest.ExecuteScalarAsync(ct) ?? 0.0);
        }
        return new Contracts.Freshness(DateTimeOffset.UtcNow, high, processed, Math.Round(Math.Max(lag, 0), 3));
    }
}
