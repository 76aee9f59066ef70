using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Metrics;

/// <summary>
/// <c>?window=hour|today|7d|30d|year</c>: the figures of a window are what happened in it, read from the buckets the
/// daemon keeps per minute, hour, day and month, and equal to a recount of the raw event log over the window's
/// instants. Its trend adds up to the same.
/// </summary>
public sealed class windows_of_the_figures(HubFixture hub)
{
    private const string Health = "health";

    private async Task CompleteOne()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate"])).ApplicationId;
        await hub.Outcome(id, "birth-medical-certificate", Health,
            new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("出生医学证明")]));
        await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>What the raw event log says happened to a department in [from, to).</summary>
    private async Task<(long Completed, long Dispatched, long Within)> Recount(string department, MetricsWindow w)
    {
        await using var session = hub.Store.QuerySession();
        var completed = await session.Events.QueryRawEventDataOnly<ServiceCompleted>()
            .Where(e => e.Department == department).ToListAsync();
        var dispatched = await session.Events.QueryRawEventDataOnly<ServiceDispatched>()
            .Where(e => e.Department == department).ToListAsync();
        bool In(DateTimeOffset at) => at >= w.From && at < w.To;
        var inWindow = completed.Where(e => In(e.CompletedAt)).ToList();
        return (inWindow.Count, dispatched.Count(e => In(e.DispatchedAt)), inWindow.Count(e => e.WithinLimit));
    }

    private async Task<(DepartmentMetricsList List, DepartmentMetrics? Health)> Window(string window)
    {
        var list = (await hub.Host.Get($"/api/metrics/departments?window={window}", hub.Keys.DataCentre))
            .Read<DepartmentMetricsList>();
        return (list, list.Departments.SingleOrDefault(d => d.Department == Health));
    }

    [Fact]
    public async Task each_window_holds_what_happened_in_it_as_the_event_log_tells_it()
    {
        await CompleteOne();
        var now = hub.Clock.GetUtcNow();
        foreach (var window in MetricWindow.Names)
        {
            var (list, health) = await Window(window);
            var w = list.Window!;
            Assert.Equal(window, w.Name);
            Assert.True(w.From <= now && now < w.To, $"{window}: {w.From} to {w.To} holds {now}");
            var recount = await Recount(Health, w);
            Assert.True(recount.Completed >= 1, window);
            Assert.Equal(recount, (health!.ServicesCompleted, health.ServicesDispatched, health.CompletedWithinLimit));

            // The trend of the window, step by step, adds up to the window's figures.
            var trend = (await hub.Host.Get($"/api/metrics/trends?window={window}&department={Health}",
                hub.Keys.Coordinator)).Read<MetricsTrend>();
            Assert.Equal(w, trend.Window);
            Assert.Equal(health.ServicesCompleted, trend.Points.Sum(p => p.ServicesCompleted));
            Assert.Equal(health.ServicesDispatched, trend.Points.Sum(p => p.ServicesDispatched));
            Assert.Equal(w.From, trend.Points[0].From);
            Assert.True(trend.Points.Zip(trend.Points.Skip(1)).All(p => p.First.From < p.Second.From));
            var schemas = hub.Host.Services.GetRequiredService<Schemas>();
            Assert.Empty(schemas.Validate("metrics-trend", trend));
            Assert.Empty(schemas.Validate("department-metrics-list", list));
        }
        var steps = new Dictionary<string, int>();
        foreach (var window in MetricWindow.Names)
            steps[window] = (await hub.Host.Get($"/api/metrics/trends?window={window}", hub.Keys.DataCentre))
                .Read<MetricsTrend>().Points.Count;
        Assert.Equal(60, steps["hour"]);
        Assert.InRange(steps["today"], 1, 24);
        Assert.Equal((7, 30), (steps["7d"], steps["30d"]));
        Assert.InRange(steps["year"], 1, 12);
    }

    [Fact]
    public async Task what_happened_over_an_hour_ago_leaves_the_hour_but_stays_in_the_all_time_figures()
    {
        await CompleteOne();
        var before = (await Window("hour")).Health!.ServicesCompleted;
        var allTime = (await hub.Host.Get("/api/metrics/departments", hub.Keys.DataCentre))
            .Read<DepartmentMetricsList>().Departments.Single(d => d.Department == Health).ServicesCompleted;
        Assert.True(before >= 1);

        hub.Clock.Advance(TimeSpan.FromMinutes(61));
        var (list, health) = await Window("hour");
        Assert.Equal((await Recount(Health, list.Window!)).Completed, health?.ServicesCompleted ?? 0);
        Assert.Equal(0, health?.ServicesCompleted ?? 0);
        Assert.Null((await hub.Host.Get("/api/metrics/departments", hub.Keys.DataCentre))
            .Read<DepartmentMetricsList>().Window);
        Assert.Equal(allTime, (await hub.Host.Get("/api/metrics/departments", hub.Keys.DataCentre))
            .Read<DepartmentMetricsList>().Departments.Single(d => d.Department == Health).ServicesCompleted);
    }

    [Fact]
    public async Task the_dashboard_totals_of_a_window_are_its_figures_added_up()
    {
        await CompleteOne();
        foreach (var window in MetricWindow.Names)
        {
            var summary = (await hub.Host.Get($"/api/metrics/dashboard?window={window}", hub.Keys.DataCentre))
                .Read<DashboardSummary>();
            var departments = (await hub.Host.Get($"/api/metrics/departments?window={window}", hub.Keys.DataCentre))
                .Read<DepartmentMetricsList>();
            var things = (await hub.Host.Get($"/api/metrics/one-things?window={window}", hub.Keys.DataCentre))
                .Read<OneThingMetricsList>();
            Assert.Equal(window, summary.Window?.Name);
            Assert.Equal(departments.Departments.Sum(d => d.ServicesCompleted), summary.Totals.ServicesCompleted);
            Assert.Equal(things.OneThings.Sum(o => o.Applications), summary.Totals.Applications);
            Assert.True(summary.Totals.Applications >= 1, window);
        }
    }

    [Theory]
    [InlineData("/api/metrics/departments?window=week")]
    [InlineData("/api/metrics/resources?window=1h")]
    [InlineData("/api/metrics/one-things?window=")]
    [InlineData("/api/metrics/dashboard?window=YEAR")]
    [InlineData("/api/metrics/trends?window=24h")]
    public async Task a_window_that_is_not_one_of_the_five_is_a_400(string url)
    {
        var problem = (await hub.Host.Get(url, hub.Keys.DataCentre, 400)).Problem();
        Assert.Contains("window", problem.Errors.Keys);
    }

    [Fact]
    public async Task a_trend_of_a_department_not_registered_is_a_404()
    {
        (await hub.Host.Get("/api/metrics/trends?window=hour&department=nowhere", hub.Keys.DataCentre, 404))
            .Problem();
        await hub.Host.Get("/api/metrics/trends", hub.Department(Health), 403);
    }

    [Fact]
    public async Task minute_and_hour_buckets_are_purged_once_past_their_retention_and_days_are_kept()
    {
        await CompleteOne();
        // Buckets of a day long past, last written ten days ago (as the daemon wrote them then).
        string[] old = ["minute:2020-01-06T10:15", "hour:2020-01-06T10", "day:2020-01-06"];
        await using (var write = hub.Store.LightweightSession())
        {
            write.Store(old.Select(id => new FigureBucket { Id = id }).ToArray());
            await write.SaveChangesAsync();
        }
        await using (var connection = new NpgsqlConnection(hub.ConnectionString))
        {
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand(
                "update hub.mt_doc_figurebucket set mt_last_modified = now() - interval '10 days' where id = any(@ids)",
                connection);
            age.Parameters.AddWithValue("ids", old);
            Assert.Equal(3, await age.ExecuteNonQueryAsync());
        }

        var retention = new BucketRetention(hub.Store,
            hub.Host.Services.GetRequiredService<ILogger<BucketRetention>>());
        Assert.True(await retention.PurgeAsync(CancellationToken.None) >= 2);
        await using var session = hub.Store.QuerySession();
        var left = (await session.LoadManyAsync<FigureBucket>(old)).Select(b => b.Id);
        Assert.Equal(["day:2020-01-06"], left);
        // The minute just worked in, written a moment ago, stays.
        Assert.True(await session.Query<FigureBucket>().AnyAsync(b => b.Id.StartsWith("minute:")));
    }
}
