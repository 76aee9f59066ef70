using Marten;
using Marten.Events;
using OneThing.Contracts;
using OneThing.Hub.Features.Ratings;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Ratings.RatingScenarios;

namespace OneThing.Hub.Tests.Ratings;

public sealed class rating_figures(HubFixture hub)
{
    private record Recounted(long[] Levels, long Annulled, long Rectifications, long Open, long Overdue, long Appeals,
        long Upheld, long Resolved, long Unresolved);

    /// <summary>The figures counted again straight from the raw event log.</summary>
    private async Task<Dictionary<string, Recounted>> Recount()
    {
        await using var session = hub.Store.QuerySession();
        var rated = await session.Events.QueryRawEventDataOnly<ServiceRated>().ToListAsync();
        var opened = await session.Events.QueryRawEventDataOnly<RectificationOpened>().ToListAsync();
        var overdue = await session.Events.QueryRawEventDataOnly<RectificationOverdue>().ToListAsync();
        var replied = await session.Events.QueryRawEventDataOnly<RectificationReplied>().ToListAsync();
        var appealed = await session.Events.QueryRawEventDataOnly<RectificationAppealed>().ToListAsync();
        var decided = await session.Events.QueryRawEventDataOnly<RectificationAppealDecided>().ToListAsync();
        var followed = await session.Events.QueryRawEventDataOnly<RectificationFollowedUp>().ToListAsync();
        var upheld = decided.Where(d => d.Upheld).Select(d => d.Id).ToHashSet();
        var finished = upheld.Concat(followed.Select(f => f.Id)).ToHashSet();
        var answered = upheld.Concat(replied.Select(r => r.Id)).ToHashSet();
        return rated.SelectMany(r => r.Departments).Distinct().ToDictionary(d => d, d =>
        {
            var levels = RatingLevels.All.Select(level => (long)rated.Count(r => r.Departments.Contains(d)
                && r.Level == level) - opened.Count(o => o.Department == d && o.Level == level
                && upheld.Contains(o.Id))).ToArray();
            var mine = opened.Where(o => o.Department == d).ToList();
            return new Recounted(levels, mine.Count(o => upheld.Contains(o.Id)), mine.Count,
                mine.Count(o => !finished.Contains(o.Id)),
                overdue.Where(o => o.Department == d).Select(o => o.Id).Distinct().Count(id => !answered.Contains(id)),
                appealed.Count(a => a.Department == d), mine.Count(o => upheld.Contains(o.Id)),
                followed.Count(f => f.Department == d && f.Result == FollowUpResults.Resolved),
                followed.Count(f => f.Department == d && f.Result == FollowUpResults.Unresolved));
        });
    }

    [Fact]
    public async Task the_ratings_figures_per_department_equal_a_recount_of_the_events()
    {
        await hub.Rate(await hub.FinishedService(), "非常满意");
        await hub.Rate(await hub.FinishedService(), "基本满意");
        var bad = await hub.BadRating();
        await hub.Act(bad.Id, "appeal", new AppealRectification("非本部门原因"), hub.Department(Rated));
        await hub.Act(bad.Id, "appeal/decision", new DecideRectificationAppeal(true, "不计入"), hub.Keys.Coordinator);
        await hub.BadRating("非常不满意");

        await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var list = (await hub.Host.Get("/api/metrics/ratings", hub.Keys.DataCentre)).Read<RatingMetricsList>();
        var recount = await Recount();

        Assert.Equal(recount.Keys.Order(), list.Departments.Select(d => d.Department));
        foreach (var d in list.Departments)
        {
            var r = recount[d.Department];
            var levels = d.Levels;
            Assert.Equal((d.Department, string.Join(",", r.Levels)),
                (d.Department, string.Join(",", levels.VerySatisfied, levels.Satisfied, levels.BasicallySatisfied,
                    levels.Dissatisfied, levels.VeryDissatisfied)));
            Assert.Equal(r.Levels.Sum(), d.Ratings);
            Assert.Equal(r.Levels.Sum() == 0 ? null : Math.Round((double)r.Levels.Take(3).Sum() / r.Levels.Sum(), 4),
                d.SatisfactionRate);
            Assert.Equal((d.Department, r.Annulled, r.Rectifications, r.Open, r.Overdue, r.Appeals, r.Upheld,
                r.Resolved, r.Unresolved), (d.Department, d.Annulled, d.Rectifications, d.Open, d.Overdue, d.Appeals,
                d.AppealsUpheld, d.Resolved, d.Unresolved));
        }
        var health = Assert.Single(list.Departments, d => d.Department == Rated);
        Assert.True(health.Annulled >= 1 && health.Open >= 1 && health.Levels.VerySatisfied >= 1);
        var registry = (await hub.Host.Get("/api/departments", hub.Keys.Coordinator)).Read<DepartmentRegistry>();
        Assert.Equal(registry.Departments.Single(d => d.Code == Rated).Name, health.Name);

        var summary = (await hub.Host.Get("/api/metrics/dashboard", hub.Keys.Coordinator)).Read<DashboardSummary>();
        Assert.NotNull(summary.Ratings);
        Assert.Equal(list.Departments.Sum(d => d.Ratings), summary.Ratings.Ratings);
        Assert.Equal(list.Departments.Sum(d => d.Levels.Dissatisfied), summary.Ratings.Levels.Dissatisfied);
        Assert.Equal(list.Departments.Sum(d => d.Open), summary.Ratings.OpenRectifications);
        Assert.Equal(list.Departments.Sum(d => d.Overdue), summary.Ratings.OverdueRectifications);

        await hub.Host.Get("/api/metrics/ratings", hub.Department(Rated), 403);
        await hub.Host.Get("/api/metrics/ratings", hub.Keys.Governance, 403);
        await hub.Host.Get("/api/metrics/ratings", hub.Keys.Coordinator);
    }
}
