using Marten;
using Marten.Events;
using Marten.Events.Daemon.Coordination;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using Wolverine.Tracking;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Metrics;

public sealed class big_data_centre_figures(HubFixture hub)
{
    private async Task<DepartmentMetricsList> Departments()
    {
        await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return (await hub.Host.Get("/api/metrics/departments", hub.Keys.DataCentre)).Read<DepartmentMetricsList>();
    }

    /// <summary>The same figures, counted straight from the raw event log.</summary>
    private async Task<
        Dictionary<string, (long Completed, long Within, long Rejected, long Exchanges, long Deliveries, long Failures)>
    > Recount()
    {
        await using var session = hub.Store.QuerySession();
        var completed = await session.Events.QueryRawEventDataOnly<ServiceCompleted>().ToListAsync();
        var rejected = await session.Events.QueryRawEventDataOnly<ServiceRejected>().ToListAsync();
        var answered = await session.Events.QueryRawEventDataOnly<ExchangeAnswered>().ToListAsync();
        var delivered = await session.Events.QueryRawEventDataOnly<MessageDelivered>().ToListAsync();
        var failed = await session.Events.QueryRawEventDataOnly<DeliveryAttemptFailed>().ToListAsync();
        var departments = completed
            .Select(c => c.Department)
            .Concat(rejected.Select(r => r.Department))
            .Concat(answered.Select(a => a.Provider))
            .Concat(delivered.Select(d => d.Department))
            .Concat(failed.Select(f => f.Department))
            .Distinct();
        return departments.ToDictionary(
            d => d,
            d =>
                (
                    (long)completed.Count(c => c.Department == d),
                    (long)completed.Count(c => c.Department == d && c.WithinLimit),
                    (long)rejected.Count(r => r.Department == d),
                    (long)answered.Count(a => a.Provider == d),
                    (long)delivered.Count(m => m.Department == d),
                    (long)failed.Count(f => f.Department == d)
                )
        );
    }

    private static Dictionary<string, (long, long, long, long, long, long)> FromApi(DepartmentMetricsList list) =>
        list.Departments.ToDictionary(
            d => d.Department,
            d =>
                (
                    d.ServicesCompleted,
                    d.CompletedWithinLimit,
                    d.ServicesRejected,
                    d.ExchangesAnswered,
                    d.Deliveries,
                    d.DeliveryFailures
                )
        );

    [Fact]
    public async Task the_api_equals_a_recount_of_the_raw_event_log_before_and_after_a_rebuild()
    {
        var id = (
            await hub.Apply("newborn", Person(), ["birth-medical-certificate", "vaccination-certificate"])
        ).ApplicationId;
        await hub.Outcome(
            id,
            "birth-medical-certificate",
            "health",
            new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("出生医学证明")])
        );
        await hub.Outcome(
            id,
            "vaccination-certificate",
            "health",
            new ServiceOutcome(Outcomes.Rejected, Reasons: ["未完成首针接种"])
        );
        await hub.Inbox(Window, id); // results delivered and counted

        var before = FromApi(await Departments());
        var recount = await Recount();
        foreach (var (department, counts) in recount)
            Assert.Equal((department, counts), (department, before.GetValueOrDefault(department)));
        Assert.True(before["health"].Item1 >= 1);

        var coordinator = hub.Host.Services.GetRequiredService<IProjectionCoordinator>();
        var daemon = coordinator.DaemonForMainDatabase();
        // The figures run as one composite shard: it is rebuilt as a whole (docs/METRICS.md).
        await daemon.RebuildProjectionAsync(MetricsStore.FiguresShard, TimeSpan.FromMinutes(1), CancellationToken.None);
        // A rebuild leaves its shard stopped; an operator starts it again (docs/METRICS.md), and so does this test.
        await daemon.StartAgentAsync($"{MetricsStore.FiguresShard}:All", CancellationToken.None);
        var after = FromApi(await Departments());
        var recountAfter = await Recount();
        foreach (var (department, counts) in recountAfter)
            Assert.Equal((department, counts), (department, after.GetValueOrDefault(department)));
    }

    [Fact]
    public async Task a_breach_appears_within_a_second_or_two_of_the_event_that_caused_it()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate"])).ApplicationId;
        var service = (await hub.Status(id)).Services.Single();
        hub.Clock.Advance(TimeSpan.FromDays(20));
        await hub.Host.InvokeMessageAndWaitAsync(new ServiceDeadlineReached(id, service.Code, service.DueAt!.Value));
        var noticed = DateTime.UtcNow;

        var until = noticed.AddSeconds(2);
        SlaBreachList? breaches = null;
        while (DateTime.UtcNow < until)
        {
            breaches = (await hub.Host.Get("/api/sla/breaches", hub.Keys.DataCentre)).Read<SlaBreachList>();
            if (breaches.Breaches.Any(b => b.Subject == $"{id}/{service.Code}"))
                break;
            await Task.Delay(50);
        }
        var breach = Assert.Single(breaches!.Breaches, b => b.Subject == $"{id}/{service.Code}");
        Assert.Equal(("service-overdue", "health"), (breach.Kind, breach.Department));
        Assert.Equal(
            breaches.Breaches.Select(b => b.NoticedAt).OrderDescending(),
            breaches.Breaches.Select(b => b.NoticedAt)
        );
    }

    [Fact]
    public async Task the_yearly_targets_cover_every_city_department_and_district()
    {
        var targets = (await hub.Host.Get("/api/metrics/targets?year=2026", hub.Keys.DataCentre)).Read<TargetList>();
        Assert.True(
            targets.Targets.Count(t => t.Level == "district" && t.Target == 10) >= 16,
            "every district office has a target of ten"
        );
        Assert.Contains(targets.Targets, t => t.Department == "public-security" && t.Target == 1);
        Assert.Equal(targets.Targets.Count(t => t.Met), targets.Met);
        (await hub.Host.Get("/api/metrics/targets?year=1999", hub.Keys.DataCentre, 400)).Problem();
        await hub.Host.Get("/api/metrics/targets", hub.Department("tax"), 403);
    }

    [Fact]
    public async Task the_one_things_figures_count_applications_ratings_and_materials_spared()
    {
        await hub.Apply("newborn", Person(), ["household-registration"]);
        await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var list = (await hub.Host.Get("/api/metrics/one-things", hub.Keys.Coordinator)).Read<OneThingMetricsList>();
        await using var session = hub.Store.QuerySession();
        var submitted = await session
            .Events.QueryRawEventDataOnly<ApplicationSubmitted>()
            .Where(e => e.OneThing == "newborn")
            .ToListAsync();
        var newborn = Assert.Single(list.OneThings, o => o.OneThing == "newborn");
        Assert.Equal(submitted.Count, newborn.Applications);
        Assert.Equal(submitted.Sum(s => s.MaterialsSpared.Count), newborn.MaterialsSpared);
        Assert.Contains(list.Days, d => d.Applications > 0);
    }

    [Fact]
    public async Task prometheus_text_is_served_to_scrapers_with_a_key()
    {
        await hub.Host.Get("/metrics", key: null, 401);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var text = (await hub.Host.Get("/metrics", hub.Keys.DataCentre)).ReadAsText();
        Assert.Contains("onething_projection_lag_seconds", text);
        Assert.Contains("onething_dead_letters", text);
        Assert.Contains("http_server_request_duration_seconds", text);
    }
}
