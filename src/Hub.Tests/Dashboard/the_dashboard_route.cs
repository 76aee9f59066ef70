using Marten;
using Marten.Events;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Platform;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Dashboard;

/// <summary>GET /api/metrics/dashboard: the totals and names the dashboard shows, for the data centre and the
/// coordinating office.</summary>
public sealed class the_dashboard_route(HubFixture hub)
{
    private const string Route = "/api/metrics/dashboard";

    [Fact]
    public async Task only_the_data_centre_and_the_coordinator_may_read_it()
    {
        await hub.Host.Get(Route, key: null, 401);
        await hub.Host.Get(Route, hub.Department(Window), 403);
        await hub.Host.Get(Route, hub.Keys.Governance, 403);
        await hub.Host.Get(Route, hub.Keys.DataCentre);
        await hub.Host.Get(Route, hub.Keys.Coordinator);
    }

    [Fact]
    public async Task its_totals_are_the_figures_added_up_and_its_names_those_of_the_catalog_and_the_registry()
    {
        var id = (await hub.Apply("newborn", Person(), ["birth-medical-certificate"])).ApplicationId;
        await hub.Outcome(id, "birth-medical-certificate", "health",
            new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("出生医学证明")]));
        await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var summary = (await hub.Host.Get(Route, hub.Keys.DataCentre)).Read<DashboardSummary>();
        var things = (await hub.Host.Get("/api/metrics/one-things", hub.Keys.DataCentre)).Read<OneThingMetricsList>();
        var departments = (await hub.Host.Get("/api/metrics/departments", hub.Keys.DataCentre))
            .Read<DepartmentMetricsList>();

        var totals = summary.Totals;
        Assert.True(totals.Applications >= 1);
        Assert.Equal(things.OneThings.Sum(o => o.Applications), totals.Applications);
        Assert.Equal(things.OneThings.Sum(o => o.Finished), totals.Finished);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => things.OneThings.Sum(o => o.Ratings[i])), totals.Ratings);
        Assert.Equal(totals.Ratings.Sum(), totals.RatingCount);
        Assert.Equal(departments.Departments.Sum(d => d.ServicesCompleted), totals.ServicesCompleted);
        Assert.Equal(departments.Departments.Sum(d => d.CompletedWithinLimit), totals.CompletedWithinLimit);
        Assert.Equal(departments.Departments.Sum(d => d.ExchangesAnswered), totals.ExchangesAnswered);
        Assert.Equal(
            Math.Round((double)totals.CompletedWithinLimit / totals.ServicesCompleted, 4),
            totals.WithinLimitRate);

        // Every edition published so far (other tests publish one), a One Thing named as its newest edition names it.
        var names = new Dictionary<string, string>();
        var editions = (await hub.Host.Get("/api/catalog/editions", hub.Keys.DataCentre))
            .Read<List<CatalogEditionSummary>>();
        foreach (var edition in editions.Select(e => e.Edition).Order(StringComparer.Ordinal))
            foreach (var thing in (await hub.Host.Get($"/api/catalog/editions/{edition}/one-things",
                         hub.Keys.DataCentre)).Read<OneThingList>().OneThings)
                names[thing.Code] = thing.Name;
        Assert.Equal(
            names.Select(n => (n.Key, n.Value)).OrderBy(n => n.Key, StringComparer.Ordinal),
            summary.OneThings.Select(o => (o.Code, o.Name)).OrderBy(n => n.Code, StringComparer.Ordinal));
        Assert.Contains(new DashboardName("newborn", "新生儿出生"), summary.OneThings);
        var registry = (await hub.Host.Get("/api/departments", hub.Keys.DataCentre)).Read<DepartmentRegistry>();
        Assert.Equal(
            registry.Departments.Select(d => (d.Code, d.Name)).OrderBy(d => d.Code, StringComparer.Ordinal),
            summary.Departments.Select(d => (d.Code, d.Name)));
    }

    [Fact]
    public async Task its_answer_validates_against_its_schema()
    {
        var schemas = new Schemas(Path.Combine(Repo.Root(), "schemas"));
        var summary = (await hub.Host.Get(Route, hub.Keys.Coordinator)).Read<DashboardSummary>();

        Assert.Empty(schemas.Validate("dashboard-summary", summary));
        Assert.Empty(schemas.Validate("dashboard-totals", summary.Totals));
        Assert.Empty(schemas.Validate("dashboard-name", summary.OneThings[0]));
    }
}
