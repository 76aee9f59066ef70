using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Metrics;

/// <summary>
/// A window step by step (the last hour per minute, today per hour, 7 or 30 days per day, the year per month), for
/// the whole hub or one department (<c>?department=</c>): read from the figure buckets, one per step.
/// </summary>
public static class GetTrend
{
    private const string Readers = $"{Roles.DataCentre},{Roles.Coordinator}";

    /// <summary>30 days when no window is given: the daily trend the dashboard always had.</summary>
    public const string DefaultWindow = MetricWindow.Month;

    public static async Task<DepartmentView?> LoadAsync(string? department, IQuerySession session,
        CancellationToken ct) =>
        department is null ? null : await session.LoadAsync<DepartmentView>(DepartmentView.StreamKey(department), ct);

    public static ProblemDetails Validate(string? window, string? department, DepartmentView? known) =>
        MetricWindow.Check(window) is { Status: 400 } problem ? problem
        : department is not null && known is null ? Problems.NotFound($"No department '{department}' is registered.")
        : WolverineContinue.NoProblems;

    [WolverineGet("/api/metrics/trends"), Authorize(Roles = Readers)]
    [ProducesResponseType<MetricsTrend>(200), ProducesResponseType<ProblemDetails>(400),
     ProducesResponseType<ProblemDetails>(404)]
    public static async Task<MetricsTrend> Get(
        string? window,
        string? department,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken ct)
    {
        var w = MetricWindow.Of(window ?? DefaultWindow, clock.GetUtcNow())!;
        var steps = await WindowReads.Steps(session, w, ct);
        return new MetricsTrend(
            await Freshness.Of(session, ct),
            w.Contract(),
            [.. steps.Select(s => Point(s.From, s.Bucket, department))],
            department);
    }

    private static TrendPoint Point(DateTimeOffset from, FigureBucket? bucket, string? department)
    {
        var departments = bucket?.Departments.Values.Where(d => department is null || d.Id == department).ToList()
            ?? [];
        long Sum(Func<DepartmentFigures, long> figure) => departments.Sum(figure);
        long Of(Dictionary<string, long>? counts) =>
            counts is null ? 0 : department is null ? counts.Values.Sum() : counts.GetValueOrDefault(department);
        return new TrendPoint(
            from,
            Of(bucket?.Submitted),
            Sum(d => d.ServicesDispatched),
            Sum(d => d.ServicesCompleted),
            Sum(d => d.CompletedWithinLimit),
            Sum(d => d.ExchangesAnswered),
            Of(bucket?.WentOverdue) + Sum(d => d.ShareRequestBreaches) + Sum(d => d.ExchangeTimeouts),
            Sum(d => d.Deliveries),
            Sum(d => d.DeliveryFailures));
    }
}
