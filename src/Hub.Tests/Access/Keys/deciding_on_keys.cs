using Microsoft.AspNetCore.Http.HttpResults;
using OneThing.Contracts;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using static OneThing.Hub.Tests.Infrastructure.Decisions;

namespace OneThing.Hub.Tests.Access.Keys;

/// <summary>Issuing and revoking keys as pure decisions: no database, no host.</summary>
public sealed class deciding_on_keys
{
    private static readonly ApiKeyIssued Issued =
        new("0123456789abcdef", "hash", "water", Roles.Department, "水务局", "government-services/k", Now);

    [Fact]
    public void a_key_is_active_once_issued_and_revoked_in_a_new_state()
    {
        var active = ApiKeyState.Create(Issued);
        var revoked = active.Apply(new ApiKeyRevoked(Issued.KeyId, "rotated", "government-services/k", Now));

        Assert.Equal(new ApiKeyState("0123456789abcdef", "water", ApiKeyStatus.Active, Roles.Department,
            Now + KeyPolicy.DefaultLifetime), active);
        Assert.Equal(ApiKeyStatus.Revoked, revoked.Status);
        Assert.NotSame(active, revoked);
    }

    [Fact]
    public void a_revocation_names_the_keys_department_a_working_key_and_a_reason()
    {
        var active = ApiKeyState.Create(Issued);
        var revoked = active with { Status = ApiKeyStatus.Revoked };

        var coordinator = Caller("government-services", Roles.Coordinator);
        Refused(RevokeKeyEndpoint.Validate("tax", new RevokeApiKey("rotated"), active, coordinator), 404,
            Problems.NotFoundType);
        Refused(RevokeKeyEndpoint.Validate("water", new RevokeApiKey("rotated"), revoked, coordinator), 409,
            Problems.ConflictType);
        Refused(RevokeKeyEndpoint.Validate("water", new RevokeApiKey(" "), active, coordinator), 400,
            Problems.ValidationType);
        Refused(RevokeKeyEndpoint.Validate("water", new RevokeApiKey(new string('x', 501)), active, coordinator), 400,
            Problems.ValidationType);
        Fine(RevokeKeyEndpoint.Validate("water", new RevokeApiKey("rotated"), active, coordinator));
    }

    [Fact]
    public void a_revocation_is_one_event_saying_who_when_and_why()
    {
        var (result, events) = RevokeKeyEndpoint.Post(new RevokeApiKey("rotated"), ApiKeyState.Create(Issued),
            Caller("government-services", Roles.Coordinator), Clock);

        Assert.IsType<NoContent>(result);
        var revoked = Assert.IsType<ApiKeyRevoked>(Assert.Single(events));
        Assert.Equal(new ApiKeyRevoked(Issued.KeyId, "rotated", "government-services/key", Now), revoked);
    }

    [Fact]
    public void a_key_is_issued_only_for_a_registered_unit_a_role_it_may_hold_and_to_its_own_holder()
    {
        var water = new DepartmentState("department/water", "water", DepartmentKinds.CityDepartment);

        var office = new DepartmentState("department/government-services", "government-services",
            DepartmentKinds.CoordinatingOffice);
        var coordinator = Caller("government-services", Roles.Coordinator);

        Refused(IssueKeyEndpoint.Validate("nowhere", new IssueApiKey(), null, coordinator), 404,
            Problems.NotFoundType);
        Refused(IssueKeyEndpoint.Validate("water", new IssueApiKey(Label: new string('x', 201)), water, coordinator),
            400, Problems.ValidationType);
        Refused(IssueKeyEndpoint.Validate("water", new IssueApiKey(Roles.Coordinator), water, coordinator), 400,
            Problems.ValidationType);
        // Anyone else's key would show the coordinator that principal's secret: an enrolment instead.
        Refused(IssueKeyEndpoint.Validate("water", new IssueApiKey(Roles.Department, "审批系统"), water, coordinator),
            403, Problems.ForbiddenType);
        Refused(IssueKeyEndpoint.Validate("government-services", new IssueApiKey(Roles.Governance), office,
            coordinator), 403, Problems.ForbiddenType);
        Fine(IssueKeyEndpoint.Validate("government-services", new IssueApiKey(Roles.Coordinator, "第二套系统"), office,
            coordinator));
    }

    [Fact]
    public void an_issued_key_is_answered_once_and_stored_as_its_hash()
    {
        var options = new HubOptions { Database = "" };
        var (result, start) = IssueKeyEndpoint.Post("government-services", new IssueApiKey(Roles.Coordinator, "系统"),
            Caller("government-services", Roles.Coordinator), options, Clock);

        var answer = Assert.IsType<Created<IssuedApiKey>>(result).Value!;
        var issued = Assert.IsType<ApiKeyIssued>(Assert.Single(start.Events));
        Assert.Equal((answer.KeyId, "government-services", Roles.Coordinator, Now, Now + options.KeyLifetime),
            (issued.KeyId, issued.Department, issued.Role, issued.IssuedAt, issued.ExpiresAt));
        Assert.True(ApiKeySecret.TryParse(answer.Key, out var keyId, out var secret));
        Assert.Equal(ApiKeySecret.Hash(keyId, secret), issued.Hash);
        Assert.DoesNotContain(secret, issued.Hash);
    }
}
