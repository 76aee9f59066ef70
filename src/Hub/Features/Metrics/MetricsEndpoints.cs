using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
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

    /// <summary>Every department's figures, all time or (<c>?window=</c>) what happened in a window.</summary>
    [WolverineGet("/api/metrics/departments"), Authorize(Roles = Readers)]
    [ProducesResponseType<DepartmentMetricsList>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<IResult> Departments(
        string? window,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken ct)
    {
        if (MetricWindow.Check(window) is { Status: 400 } problem) return Results.Problem(problem);
        var names = (await session.Query<DepartmentView>().ToListAsync(ct)).ToDictionary(
            d => d.Department.Code,
            d => d.Department.Name
        );
        var freshness = await Freshness.Of(session, ct);
        if (MetricWindow.Of(window, clock.GetUtcNow()) is { } w)
        {
            var sum = await WindowReads.Figures(session, w, ct);
            return Results.Ok(new DepartmentMetricsList(freshness,
                [.. sum.Departments.Values.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f =>
                    Department(f, names, sum.WentOverdue.GetValueOrDefault(f.Id)))],
                w.Contract()));
        }
        var figures = await session.Query<DepartmentFigures>().OrderBy(f => f.Id).ToListAsync(ct);
        return Results.Ok(new DepartmentMetricsList(freshness,
            [.. figures.Select(f => Department(f, names, f.OverdueNow.Count))]));
    }

    private static DepartmentMetrics Department(DepartmentFigures f, Dictionary<string, string> names, long overdue) =>
        new(
            f.Id,
            names.GetValueOrDefault(f.Id, f.Id),
            f.ServicesDispatched,
            f.ServicesCompleted,
            f.ServicesRejected,
            f.CompletedWithinLimit,
            overdue,
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
        );

    /// <summary>Every resource's figures, all time or what happened in a window.</summary>
    [WolverineGet("/api/metrics/resources"), Authorize(Roles = Readers)]
    [ProducesResponseType<ResourceMetricsList>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<IResult> Resources(
        string? window,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken ct)
    {
        if (MetricWindow.Check(window) is { Status: 400 } problem) return Results.Problem(problem);
        var w = MetricWindow.Of(window, clock.GetUtcNow());
        var figures = w is null
            ? await session.Query<ResourceFigures>().OrderBy(f => f.Id).ToListAsync(ct)
            : [.. (await WindowReads.Figures(session, w, ct)).Resources.Values
                .OrderBy(f => f.Id, StringComparer.Ordinal)];
        return Results.Ok(new ResourceMetricsList(
            await Freshness.Of(session, ct),
            figures
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
                .ToList(),
            w?.Contract()
        ));
    }

    /// <summary>Every One Thing's figures, all time or what happened in a window, and the last 60 days.</summary>
    [WolverineGet("/api/metrics/one-things"), Authorize(Roles = Readers)]
    [ProducesResponseType<OneThingMetricsList>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<IResult> OneThings(
        string? window,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken ct)
    {
        if (MetricWindow.Check(window) is { Status: 400 } problem) return Results.Problem(problem);
        var w = MetricWindow.Of(window, clock.GetUtcNow());
        var figures = w is null
            ? await session.Query<OneThingFigures>().OrderBy(f => f.Id).ToListAsync(ct)
            : [.. (await WindowReads.Figures(session, w, ct)).OneThings.Values
                .OrderBy(f => f.Id, StringComparer.Ordinal)];
        var days = await session.Query<DayFigures>().OrderByDescending(d => d.Id).Take(60).ToListAsync(ct);
        return Results.Ok(new OneThingMetricsList(
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
                .ToList(),
            w?.Contract()
        ));
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
