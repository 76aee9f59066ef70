using Marten;
using Microsoft.AspNetCore.Authorization;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Ratings;

public static class RatingMetricsEndpoint
{
    /// <summary>好差评 per department, from the async projection: ratings by level, the satisfaction rate, and the
    /// rectifications (open, overdue now, replied in time or late, appeals, follow-up results).</summary>
    [WolverineGet("/api/metrics/ratings"), Authorize(Roles = $"{Roles.DataCentre},{Roles.Coordinator}")]
    public static async Task<RatingMetricsList> Get(IQuerySession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var figures = batch.Query<RatingFigures>().OrderBy(f => f.Id).ToList();
        var names = batch.Query<DepartmentView>()
            .Select(v => new DashboardName(v.Department.Code, v.Department.Name)).ToList();
        await batch.Execute(ct);
        var byCode = (await names).ToDictionary(n => n.Code, n => n.Name);
        return new RatingMetricsList(
            await Metrics.Freshness.Of(session, ct),
            [
                .. (await figures).Select(f => new RatingMetrics(f.Id, byCode.GetValueOrDefault(f.Id, f.Id),
                    f.Count(), RatingFigures.Counts(f.Levels), f.Annulled, f.Rectifications, f.Open.Count,
                    f.OverdueNow.Count, f.RepliedInTime, f.RepliedLate, f.Appeals, f.AppealsUpheld, f.Resolved,
                    f.Unresolved, RatingFigures.SatisfactionRate(f.Levels))),
            ]);
    }
}
