using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using static OneThing.Hub.Tests.Infrastructure.Decisions;

namespace OneThing.Hub.Tests.Departments.Registry;

public sealed class deciding_on_registrations
{
    private static readonly Department Water =
        new("water", " 水务局 ", "天津市水务局", DepartmentKinds.CityDepartment, "city");

    [Fact]
    public void a_unit_is_registered_once_and_well_formed()
    {
        var problem = RegisterDepartmentEndpoint.Validate(Water with { Code = "Not A Code", Level = "county" },
            new RegisterDepartmentEndpoint.Registry(false));
        Refused(problem, 400, Problems.ValidationType);
        Assert.Equal(["code", "level"], ((ValidationProblemDetails)problem).Errors.Keys.Order());
        Refused(RegisterDepartmentEndpoint.Validate(Water, new RegisterDepartmentEndpoint.Registry(true)), 409,
            Problems.ConflictType);
        Fine(RegisterDepartmentEndpoint.Validate(Water, new RegisterDepartmentEndpoint.Registry(false)));
    }

    [Fact]
    public void a_registration_starts_the_units_stream_with_its_trimmed_names()
    {
        var (created, start) = RegisterDepartmentEndpoint.Post(Water, Caller("government-services", "coordinator"),
            Clock);

        Assert.Equal("/api/departments/water", created.Url);
        Assert.Equal(DepartmentView.StreamKey("water"), start.StreamKey);
        var registered = Assert.IsType<DepartmentRegistered>(Assert.Single(start.Events));
        Assert.Equal(("水务局", "government-services/key", Now), (registered.Name, registered.RegisteredBy,
            registered.RegisteredAt));
    }

    [Fact]
    public void the_decision_state_keeps_the_units_kind()
    {
        var registered = DepartmentRules.Registered(Water, "system/seed", Now);
        var e = new Event<DepartmentRegistered>(registered) { StreamKey = DepartmentView.StreamKey("water") };

        Assert.Equal(new DepartmentState("department/water", "water", DepartmentKinds.CityDepartment),
            DepartmentState.Create(e));
    }
}
