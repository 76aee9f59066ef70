using Marten;
using Marten.Events;
using OneThing.Contracts;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Metrics;

/// <summary>
/// 各市级部门每年至少完成1项“一件事一次办”事项, 各区每年至少完成10项: the targets walked through a year, with units
/// registered for the test so that what other tests finished counts for none of them.
/// </summary>
public sealed class yearly_targets(HubFixture hub)
{
    private int Year => WorkingCalendar.Today(hub.Clock.GetUtcNow()).Year;

    private async Task<TargetList> Targets(int year)
    {
        await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return (await hub.Host.Get($"/api/metrics/targets?year={year}", hub.Keys.DataCentre)).Read<TargetList>();
    }

    private async Task<TargetStatus> Row(string code) =>
        Assert.Single((await Targets(Year)).Targets, t => t.Department == code);

    private async Task<(Department Unit, string Key)> Register(string kind)
    {
        var code = $"tgt-{Guid.NewGuid():N}"[..16];
        var unit = kind == DepartmentKinds.DistrictOffice
            ? new Department(code, "测试区政务服务办", "天津市测试区政务服务办公室", kind, "district", $"测试区{code[4..]}")
            : new Department(code, "测试委", "天津市测试委员会", kind, "city");
        await hub.Host.Post("/api/departments", unit, hub.Keys.Coordinator, 201);
        return (unit, (await hub.Enrol(code, "targets test")).Key);
    }

    private static Applicant ApplicantFor(OneThingDefinition thing) => thing.Audience == Audiences.Enterprise
        ? new Applicant(ApplicantKinds.Enterprise,
            CreditCode($"9112010{Random.Shared.Next(1000000, 9999999)}MA05L"[..17]), "天津市示例科技有限公司", "13912345678")
        : Person(ResidentId($"1201011990{Random.Shared.Next(1, 13):00}{Random.Shared.Next(1, 28):00}"
                            + $"{Random.Shared.Next(100, 999)}"));

    /// <summary>An application of <paramref name="thing"/> through a front office, every part of every service
    /// completed by its unit as it is dispatched, until the application is finished.</summary>
    private async Task Complete(OneThingDefinition thing, string frontOffice, IReadOnlyDictionary<string, string>? keys
        = null)
    {
        var request = new SubmitApplication(thing.Code, ApplicantFor(thing), Form(thing));
        var id = (await hub.Host.Post("/api/applications", request, frontOffice, 201)).Read<ApplicationAccepted>()
            .ApplicationId;
        for (var round = 0; round < 30; round++)
        {
            var status = await hub.Status(id, frontOffice);
            if (status.State != "in-progress")
            {
                Assert.Equal((thing.Code, "completed"), (thing.Code, status.State));
                return;
            }
            foreach (var service in status.Services.Where(s => s.State is ServiceStates.Dispatched
                         or ServiceStates.Accepted))
            foreach (var unit in service.Units is { } units
                         ? units.Where(u => u.State is ServiceStates.Dispatched or ServiceStates.Accepted)
                             .Select(u => u.Department)
                         : [service.Department])
                await hub.Host.Post($"/api/applications/{id}/services/{service.Code}/outcome",
                    new ServiceOutcome(Outcomes.Completed, "办结"),
                    keys?.GetValueOrDefault(unit) ?? hub.Department(unit), 202);
        }
        Assert.Fail($"{thing.Code} did not finish");
    }

    [Fact]
    public void a_city_unit_counts_the_one_things_of_the_edition_it_has_a_part_in_launched_that_year()
    {
        InvolvedService Service(string code, params string[] units) => new(code, code, units, [], 5);
        var edition = new CatalogEditionDocument("2026", "2026版",
        [
            new("led", 1, "甲", Audiences.Individual, ["lead"], [Service("a", "other")]),
            new("performed", 2, "乙", Audiences.Individual, ["other"], [Service("b", "performer")]),
            new("old", 3, "丙", Audiences.Individual, ["late"], [Service("c", "other")]),
        ]);
        Department City(string code) => new(code, code, code, DepartmentKinds.CityDepartment, "city");
        var district = new Department("d", "d", "d", DepartmentKinds.DistrictOffice, "district", "区");
        var figures = new YearFigures
        {
            ByFrontOffice = new() { ["d"] = [.. Enumerable.Range(1, 10).Select(i => $"t{i}")] },
        };

        // "old" was brought into operation in an earlier year: it counts for no one now.
        var list = YearlyTargets.Of(2026, edition, [City("lead"), City("performer"), City("late"), City("none"),
            district], figures, new HashSet<string> { "led", "performed" });

        var rows = list.Targets.ToDictionary(t => t.Department);
        Assert.Equal((TargetStates.Met, 1, 1), (rows["lead"].Status, rows["lead"].Achieved, rows["lead"].TakesPartIn));
        Assert.Equal(["performed"], rows["performer"].OneThings);
        Assert.Equal((TargetStates.Unmet, false, 0), (rows["late"].Status, rows["late"].Met, rows["late"].Achieved));
        var none = rows["none"];
        Assert.Equal((TargetStates.NoPart, false, 0), (none.Status, none.Met, none.TakesPartIn));
        Assert.Equal((TargetStates.Met, 10, "district"), (rows["d"].Status, rows["d"].Achieved, rows["d"].Level));
        Assert.Equal((3, 4, 1, "2026"), (list.Met, list.Total, list.NoPart, list.Edition));
    }

    [Fact]
    public async Task a_city_department_meets_its_target_with_the_first_completed_application_of_a_new_one_thing()
    {
        var year = Year;
        var (unit, key) = await Register(DepartmentKinds.CityDepartment);
        // This year's edition: the one in force, and a new One Thing the new unit leads and performs.
        var current = (await Targets(year)).Edition!;
        var list = (await hub.Host.Get($"/api/catalog/editions/{current}/one-things", hub.Keys.Coordinator))
            .Read<OneThingList>();
        var code = $"{unit.Code}-thing";
        var thing = new OneThingDefinition(code, list.Count + 1, "测试一件事", Audiences.Individual, [unit.Code],
            [new InvolvedService($"{unit.Code}-licence", "测试许可", [unit.Code], [], 5, "Test licence")],
            "A test One Thing", RequiredTogether: []);
        await hub.Host.Post("/api/catalog/editions",
            new CatalogEditionDocument(year.ToString(), $"{year}版", [.. list.OneThings, thing]),
            hub.Keys.Coordinator, 201);

        var before = await Row(unit.Code);
        Assert.Equal((TargetStates.Unmet, false, 0, 1, 1), (before.Status, before.Met, before.Achieved,
            before.TakesPartIn, before.Target));
        Assert.Equal(year.ToString(), (await Targets(year)).Edition);

        var keys = new Dictionary<string, string> { [unit.Code] = key };
        await Complete(thing, hub.Department(Window), keys);
        var met = await Row(unit.Code);
        Assert.Equal((TargetStates.Met, true, 1), (met.Status, met.Met, met.Achieved));
        Assert.Equal([code], met.OneThings);

        // A second completed application of it brings nothing new into operation.
        await Complete(thing, hub.Department(Window), keys);
        Assert.Equal(1, (await Row(unit.Code)).Achieved);
    }

    [Fact]
    public async Task a_district_meets_its_target_with_ten_distinct_one_things_completed_through_its_office()
    {
        var (office, key) = await Register(DepartmentKinds.DistrictOffice);
        var things = (await hub.Host.Get("/api/catalog/editions/2022/one-things", hub.Keys.Coordinator))
            .Read<OneThingList>().OneThings.Take(10).ToList();
        Assert.Equal((TargetStates.Unmet, 0, 10), ((await Row(office.Code)).Status, (await Row(office.Code)).Achieved,
            (await Row(office.Code)).Target));

        foreach (var thing in things.Take(9)) await Complete(thing, key);
        await Complete(things[0], key);   // the same One Thing twice counts once
        var nine = await Row(office.Code);
        Assert.Equal((TargetStates.Unmet, false, 9), (nine.Status, nine.Met, nine.Achieved));

        await Complete(things[9], key);
        var ten = await Row(office.Code);
        Assert.Equal((TargetStates.Met, true, 10), (ten.Status, ten.Met, ten.Achieved));
        Assert.Equal(things.Select(t => t.Code).Order(StringComparer.Ordinal), ten.OneThings);
    }

    [Fact]
    public async Task a_unit_with_no_part_in_any_one_thing_is_shown_as_such_not_as_failing()
    {
        var (unit, _) = await Register(DepartmentKinds.CityDepartment);
        var list = await Targets(Year);

        var row = Assert.Single(list.Targets, t => t.Department == unit.Code);
        Assert.Equal((TargetStates.NoPart, false, 0, 0), (row.Status, row.Met, row.Achieved, row.TakesPartIn));
        Assert.Contains(list.Targets, t => t.Department == "big-data-centre" && t.Status == TargetStates.NoPart);
        Assert.Equal(list.Targets.Count(t => t.Status == TargetStates.NoPart), list.NoPart);
        Assert.Equal(list.Targets.Count - list.NoPart, list.Total);
        Assert.Equal(list.Targets.Count(t => t.Met), list.Met);
        Assert.All(list.Targets.Where(t => t.Status == TargetStates.Met), t => Assert.True(t.Met));
    }
}
