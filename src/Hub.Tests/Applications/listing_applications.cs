using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Applications;

/// <summary>
/// GET /api/applications: a thousand applications, stored as the views their events would project (the list reads
/// only those; submitting a thousand through the fan-out would take minutes), in a time window of their own so that
/// other tests' applications stay out of the count. One application is submitted for real at the end, to show the
/// projection gives the list what it needs.
/// </summary>
public sealed class listing_applications(HubFixture hub) : IAsyncLifetime
{
    private const string Heping = "district-heping", Hexi = "district-hexi";
    // Units with services below; garrison has none and is no front office.
    private static readonly string[] Units = ["tax", "health", "public-security", "civil-affairs"];
    private const string Uninvolved = "garrison";
    private static readonly string[] OneThings = ["newborn", "enterprise-opening", "retirement"];

    private readonly DateTimeOffset _start = new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero)
        .AddMinutes(Random.Shared.Next(0, 5_000_000));
    private List<ApplicationView> _seeded = [];

    private string Window => $"from={Uri.EscapeDataString(_start.ToString("O"))}"
        + $"&to={Uri.EscapeDataString(_start.AddDays(1).ToString("O"))}";

    public async ValueTask InitializeAsync()
    {
        _seeded = [.. Enumerable.Range(0, 1000).Select(View)];
        await hub.Store.BulkInsertAsync(_seeded);
    }

    public async ValueTask DisposeAsync()
    {
        await using var session = hub.Store.LightweightSession();
        session.DeleteWhere<ApplicationView>(v => v.SubmittedAt >= _start && v.SubmittedAt < _start.AddDays(1));
        await session.SaveChangesAsync();
    }

    private ApplicationView View(int i)
    {
        // Every application has one to three of the units, in a pattern the expectations below recompute.
        var units = Units.Where((_, u) => (i >> u) % 2 == 1 || u == i % Units.Length).ToList();
        return new ApplicationView
        {
            Id = Guid.NewGuid().ToString(),
            OneThing = OneThings[i % OneThings.Length],
            Edition = "2022",
            State = ApplicationStates.All[i / 7 % ApplicationStates.All.Count],
            Applicant = Person(ResidentId($"1201011990{i % 10}10100{i % 10}")),
            FrontOffice = i % 3 == 0 ? Hexi : Heping,
            SubmittedAt = Pages.SeededTime(_start, i),
            Delivery = new ResultDelivery(DeliveryMethods.Window),
            Services = [.. units.Select(u => new ApplicationView.ServiceLine
            {
                Plan = new PlannedService($"service-of-{u}", "一项服务", u, [], 5),
                State = ServiceStates.Dispatched,
                Since = Pages.SeededTime(_start, i),
            })],
            Departments = [.. units.Order(StringComparer.Ordinal)],
        };
    }

    private Task<List<ApplicationStatus>> List(string key, string query = "", int limit = 37) =>
        hub.Host.All<ApplicationStatus>($"/api/applications?{Window}{query}", key, limit);

    private List<string> Expected(Func<ApplicationView, bool> visible) =>
        [.. _seeded.Where(visible).InListOrder(v => v.SubmittedAt, v => v.Id).Select(v => v.Id)];

    [Fact]
    public async Task a_front_office_pages_through_its_own_applications_once_each_in_order()
    {
        var listed = await List(hub.Department(Heping));

        Assert.Equal(Expected(v => v.FrontOffice == Heping), listed.Select(a => a.ApplicationId));
        Assert.All(listed, a => Assert.Equal(Heping, a.FrontOffice));
        // Its own applicants, in full, as GET /api/applications/{id} shows them to it.
        Assert.All(listed, a => Assert.Equal("张小明", a.Applicant.Name));
    }

    [Fact]
    public async Task an_involved_department_sees_those_where_it_has_a_service_and_nothing_of_the_person()
    {
        var listed = await List(hub.Department("tax"), limit: 101);

        Assert.Equal(Expected(v => v.Departments.Contains("tax")), listed.Select(a => a.ApplicationId));
        Assert.All(listed, a => Assert.Contains(a.Services, s => s.Department == "tax"));
        Assert.All(listed, a => Assert.Equal("张**", a.Applicant.Name));
    }

    [Fact]
    public async Task an_uninvolved_department_sees_none()
    {
        Assert.Empty(await List(hub.Department(Uninvolved)));
    }

    [Fact]
    public async Task the_coordinating_office_sees_them_all_and_other_roles_none()
    {
        Assert.Equal(Expected(_ => true), (await List(hub.Keys.Coordinator, limit: 500)).Select(a => a.ApplicationId));
        Assert.Equal(Expected(_ => true), (await List(hub.Keys.Coordinator, limit: 7)).Select(a => a.ApplicationId));

        foreach (var key in new[] { hub.Keys.Governance, hub.Keys.DataCentre })
            (await hub.Host.Get($"/api/applications?{Window}", key, 403)).Problem();
        await hub.Host.Get("/api/applications", null, 401);
    }

    [Fact]
    public async Task filters_narrow_the_list_for_every_caller()
    {
        var coordinator = hub.Keys.Coordinator;
        Assert.Equal(Expected(v => v.OneThing == "newborn"),
            (await List(coordinator, "&oneThing=newborn")).Select(a => a.ApplicationId));
        Assert.Equal(Expected(v => v.State == ApplicationStates.PartiallyCompleted),
            (await List(coordinator, "&state=partially-completed")).Select(a => a.ApplicationId));
        Assert.Equal(Expected(v => v.Departments.Contains("health")),
            (await List(coordinator, "&department=health")).Select(a => a.ApplicationId));

        // A front office narrows its own; a department narrows what it may see, never widens it.
        Assert.Equal(Expected(v => v.FrontOffice == Hexi && v.Departments.Contains("civil-affairs")
                && v.State == ApplicationStates.InProgress),
            (await List(hub.Department(Hexi), "&department=civil-affairs&state=in-progress"))
            .Select(a => a.ApplicationId));
        Assert.Equal(Expected(v => v.Departments.Contains("tax") && v.Departments.Contains("health")
                && v.OneThing == "retirement"),
            (await List(hub.Department("tax"), "&department=health&oneThing=retirement"))
            .Select(a => a.ApplicationId));

        // from counts, to does not: a window of the middle hundred seconds.
        var (from, to) = (_start.AddSeconds(50), _start.AddSeconds(150));
        var middle = await hub.Host.All<ApplicationStatus>("/api/applications?"
            + $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}",
            coordinator, 50);
        Assert.Equal(Expected(v => v.SubmittedAt >= from && v.SubmittedAt < to), middle.Select(a => a.ApplicationId));
        Assert.Equal(500, middle.Count);
    }

    [Fact]
    public async Task bad_cursors_limits_and_filters_are_refused_with_problem_details()
    {
        var key = hub.Department(Heping);
        await hub.Host.RefusesBadPaging($"/api/applications?{Window}", key, ListApplicationsEndpoint.List);
        foreach (var query in new[] { "state=lost", "oneThing=NOT%20A%20CODE", "department=%F0%9F%98%80",
                     "from=yesterday", "from=2031-02-30", "to=2031-01-01T00:00:00", "from=2031-02-01&to=2031-01-01" })
            (await hub.Host.Get($"/api/applications?{query}", key, 400)).Problem();

        // The cursor of the front office's list is no key to anything: the same cursor for the coordinator pages
        // the coordinator's list from that row.
        var first = (await hub.Host.Get($"/api/applications?{Window}&limit=3", key)).Read<Page<ApplicationStatus>>();
        var next = (await hub.Host.Get($"/api/applications?{Window}&limit=3&after={first.Next}",
            hub.Department(Uninvolved))).Read<Page<ApplicationStatus>>();
        Assert.Empty(next.Items);
    }

    [Fact]
    public async Task a_submitted_application_is_listed_for_its_front_office_and_its_units_only()
    {
        var accepted = await hub.Apply("newborn", Person());
        var status = await hub.Status(accepted.ApplicationId);
        var units = status.Services.Select(s => s.Department).Distinct().ToList();
        var around = $"from={Uri.EscapeDataString(status.SubmittedAt.AddSeconds(-1).ToString("O"))}"
            + $"&to={Uri.EscapeDataString(status.SubmittedAt.AddSeconds(1).ToString("O"))}";

        async Task<bool> Listed(string key) =>
            (await hub.Host.All<ApplicationStatus>($"/api/applications?{around}&oneThing=newborn", key, 500))
            .Any(a => a.ApplicationId == accepted.ApplicationId);

        Assert.True(await Listed(hub.Department(ApplicationScenarios.Window)));
        foreach (var unit in units)
            Assert.True(await Listed(hub.Department(unit)), $"{unit} does not see it");
        Assert.True(await Listed(hub.Keys.Coordinator));
        Assert.DoesNotContain(Uninvolved, units);
        Assert.False(await Listed(hub.Department(Uninvolved)));
    }
}
