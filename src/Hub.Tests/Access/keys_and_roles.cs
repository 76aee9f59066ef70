using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Access;

public sealed class keys_and_roles(HubFixture hub)
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer otk_0123456789abcdef.not-the-secret")]
    [InlineData("Bearer nonsense")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task a_request_without_a_valid_key_is_401_problem_details(string? authorization)
    {
        var result = await hub.Host.Scenario(s =>
        {
            s.Get.Url("/api/catalog/editions");
            if (authorization is not null)
                s.WithRequestHeader("Authorization", authorization);
            s.StatusCodeShouldBe(401);
        });
        var problem = result.Problem();
        Assert.Equal(Problems.UnauthenticatedType, problem.Type);
    }

    [Fact]
    public async Task a_department_key_cannot_do_what_only_the_coordinator_may()
    {
        var before = await hub.EventCount();
        var department = new Department(
            "test-unit-forbidden",
            "测试单位",
            "天津市测试单位",
            DepartmentKinds.CityDepartment,
            "city"
        );

        var problem = (await hub.Host.Post("/api/departments", department, hub.Department("tax"), 403)).Problem();
        Assert.Equal(Problems.ForbiddenType, problem.Type);
        (await hub.Host.Post("/api/departments/tax/keys", new IssueApiKey(), hub.Keys.DataCentre, 403)).Problem();
        (await hub.Host.Post("/api/departments/tax/keys", new IssueApiKey(), hub.Keys.Governance, 403)).Problem();
        Assert.Equal(before, await hub.EventCount());
    }

    [Fact]
    public async Task a_redeemed_key_is_shown_once_works_at_once_and_is_stored_only_as_a_hash()
    {
        var issued = await hub.Enrol("water", "水务局 审批系统");

        Assert.Equal(("water", Roles.Department), (issued.Department, issued.Role));
        await hub.Host.Get("/api/departments", issued.Key);

        await using var session = hub.Store.QuerySession();
        var stored = await session.LoadAsync<ApiKey>(issued.KeyId);
        Assert.NotNull(stored);
        Assert.DoesNotContain(issued.Key.Split('.')[1], stored.Hash);
        var raw = await session.Events.FetchStreamAsync(issued.KeyId);
        Assert.DoesNotContain(
            issued.Key.Split('.')[1],
            System.Text.Json.JsonSerializer.Serialize(raw.Select(e => e.Data))
        );
    }

    [Theory]
    [InlineData("water", Roles.Coordinator)]
    [InlineData("tax", Roles.DataCentre)]
    [InlineData("tax", "superuser")]
    public async Task a_role_is_only_given_to_the_unit_that_holds_it(string department, string role)
    {
        var before = await hub.EventCount();
        var problem = (
            await hub.Host.Post($"/api/departments/{department}/keys", new IssueApiKey(role), hub.Keys.Coordinator, 400)
        ).Problem();
        Assert.True(problem.Errors.ContainsKey("role"));
        Assert.Equal(before, await hub.EventCount());
    }

    [Fact]
    public async Task a_key_for_an_unknown_department_is_404()
    {
        (
            await hub.Host.Post("/api/departments/no-such-unit/keys", new IssueApiKey(), hub.Keys.Coordinator, 404)
        ).Problem();
    }

    [Fact]
    public async Task the_coordinating_office_holds_the_coordinator_key_and_the_data_centre_its_own()
    {
        await using var session = hub.Store.QuerySession();
        ApiKeySecret.TryParse(hub.Keys.Coordinator, out var coordinatorId, out _);
        ApiKeySecret.TryParse(hub.Keys.DataCentre, out var dataCentreId, out _);
        Assert.Equal(
            ("government-services", Roles.Coordinator),
            (await session.LoadAsync<ApiKey>(coordinatorId)) is { } c ? (c.Department, c.Role) : default
        );
        Assert.Equal(
            ("big-data-centre", Roles.DataCentre),
            (await session.LoadAsync<ApiKey>(dataCentreId)) is { } d ? (d.Department, d.Role) : default
        );
    }
}
