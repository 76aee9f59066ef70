using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Departments;

public sealed class the_registry(HubFixture hub)
{
    [Fact]
    public async Task holds_every_unit_the_catalog_names_plus_the_offices_and_the_16_districts()
    {
        var registry = (await hub.Host.Get("/api/departments", hub.Department("tax"))).Read<DepartmentRegistry>();
        var codes = registry.Departments.Select(d => d.Code).ToHashSet();
        var catalog = (
            await hub.Host.Get("/api/catalog/editions/2022/one-things", hub.Department("tax"))
        ).Read<OneThingList>();

        var named = catalog.OneThings.SelectMany(o =>
            o.LeadUnits.Concat(o.Services.SelectMany(s => s.ResponsibleUnits))
        );
        Assert.All(named, code => Assert.Contains(code, codes));
        Assert.Contains("government-services", codes);
        Assert.Contains("big-data-centre", codes);
        Assert.Contains("cyberspace-affairs", codes);
        string[] districts =
        [
            "和平区",
            "河东区",
            "河西区",
            "南开区",
            "河北区",
            "红桥区",
            "东丽区",
            "西青区",
            "津南区",
            "北辰区",
            "武清区",
            "宝坻区",
            "宁河区",
            "静海区",
            "蓟州区",
            "滨海新区",
        ];
        Assert.All(
            districts,
            name =>
                Assert.Single(registry.Departments, d => d.Kind == DepartmentKinds.DistrictOffice && d.District == name)
        );
    }

    [Fact]
    public async Task the_coordinator_registers_a_unit_once()
    {
        var unit = new Department(
            "district-test-office",
            "测试区政务服务办",
            "天津市测试区人民政府政务服务办公室",
            DepartmentKinds.DistrictOffice,
            "district",
            "测试区"
        );

        await hub.Host.Post("/api/departments", unit, hub.Keys.Coordinator, 201);
        var registry = (await hub.Host.Get("/api/departments", hub.Keys.Coordinator)).Read<DepartmentRegistry>();
        Assert.Contains(unit, registry.Departments);

        var before = await hub.EventCount();
        (await hub.Host.Post("/api/departments", unit, hub.Keys.Coordinator, 409)).Problem();
        Assert.Equal(before, await hub.EventCount());
    }

    [Fact]
    public async Task a_malformed_unit_is_400_with_field_errors_and_nothing_stored()
    {
        var before = await hub.EventCount();
        var problem = (
            await hub.Host.Post(
                "/api/departments",
                new Department("Not A Code", "", "x", "ministry", "galaxy"),
                hub.Keys.Coordinator,
                400
            )
        ).Problem();

        Assert.Equal(["code", "kind", "level", "name"], problem.Errors.Keys.Order());
        (await hub.Host.PostRaw("/api/departments", "{\"code\": \"x\", ", hub.Keys.Coordinator, 400)).Problem();
        (await hub.Host.PostRaw("/api/departments", "{\"code\": 42}", hub.Keys.Coordinator, 400)).Problem();
        Assert.Equal(before, await hub.EventCount());
    }
}
