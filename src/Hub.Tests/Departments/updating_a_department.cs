using Alba;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Departments;

/// <summary>The coordinating office corrects a unit's entry; the registry shows it and the change is an event.
/// </summary>
public sealed class updating_a_department(HubFixture hub)
{
    private Task<IScenarioResult> Put(string code, object body, string? key, int status) =>
        hub.Host.Scenario(s =>
        {
            s.Put.Json(body, JsonStyle.MinimalApi).ToUrl($"/api/departments/{code}");
            if (key is not null) s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.StatusCodeShouldBe(status);
        });

    // A district-level enterprise, not a district office: the registry has one office per district.
    private async Task<string> Registered()
    {
        var code = $"unit-{Guid.NewGuid():N}"[..16];
        await hub.Host.Post("/api/departments", new Department(code, "测试办", "天津市测试办公室",
            DepartmentKinds.PublicEnterprise, "district", "和平区"), hub.Keys.Coordinator, 201);
        return code;
    }

    [Fact]
    public async Task the_coordinating_office_renames_a_unit_and_the_registry_shows_it()
    {
        var code = await Registered();

        var updated = (await Put(code, new UpdateDepartment(" 测试服务中心 ", "天津市和平区测试服务中心", "和平区", "120101"),
            hub.Keys.Coordinator, 200)).Read<Department>();

        var expected = new Department(code, "测试服务中心", "天津市和平区测试服务中心", DepartmentKinds.PublicEnterprise,
            "district", "和平区", "120101");
        Assert.Equal(expected, updated);
        Assert.Equal(expected, (await hub.Host.Get($"/api/departments/{code}", hub.Department("tax")))
            .Read<Department>());
        Assert.Contains(expected, (await hub.Host.Get("/api/departments", hub.Department("tax")))
            .Read<DepartmentRegistry>().Departments);
        await using var session = hub.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(DepartmentView.StreamKey(code),
            token: TestContext.Current.CancellationToken);
        var e = Assert.IsType<DepartmentUpdated>(events[^1].Data);
        Assert.Equal(("测试服务中心", "120101"), (e.Name, e.DivisionCode));
    }

    [Fact]
    public async Task only_the_coordinating_office_updates_and_bad_entries_store_nothing()
    {
        var code = await Registered();
        var before = await hub.EventCount();
        var fine = new UpdateDepartment("测试办", "天津市测试办公室", "和平区");

        Assert.Equal(Problems.ForbiddenType, (await Put(code, fine, hub.Department("tax"), 403))
            .Problem().Type);
        await Put(code, fine, hub.Keys.DataCentre, 403);
        await Put(code, fine, null, 401);
        (await Put("no-such-unit", fine, hub.Keys.Coordinator, 404)).Problem();
        // A district-level unit keeps its district; names within bounds; six digits of a division code.
        Assert.Contains("district", (await Put(code, fine with { District = null }, hub.Keys.Coordinator, 400))
            .Problem().Errors.Keys);
        Assert.Contains("divisionCode", (await Put(code, fine with { DivisionCode = "12" }, hub.Keys.Coordinator,
            400)).Problem().Errors.Keys);
        Assert.Contains("name", (await Put(code, fine with { Name = new string('名', 101) }, hub.Keys.Coordinator,
            400)).Problem().Errors.Keys);
        (await Put(code, new { name = "x", fullName = "y", kind = "military" }, hub.Keys.Coordinator, 400)).Problem();
        Assert.Equal(before, await hub.EventCount());
    }
}
