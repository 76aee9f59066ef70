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

        Assert.Equal(new ApiKeyState("0123456789abcdef", "water", ApiKeyStatus.Active), active);
        Assert.Equal(ApiKeyStatus.Revoked, revoked.Status);
        Assert.NotSame(active, revoked);
    }

    [Fact]
    public void a_revocation_names_the_keys_department_a_working_key_and_a_reason()
    {
        var active = ApiKeyState.Create(Issued);
        var revoked = active with { Status = ApiKeyStatus.Revoked };

        Refused(RevokeKeyEndpoint.Validate("tax", new RevokeApiKey("rotated"), active), 404, Problems.NotFoundType);
        Refused(RevokeKeyEndpoint.Validate("water", new RevokeApiKey("rotated"), revoked), 409, Problems.ConflictType);
        Refused(RevokeKeyEndpoint.Validate("water", new RevokeApiKey(" "), active), 400, Problems.ValidationType);
        Refused(RevokeKeyEndpoint.Validate("water", new RevokeApiKey(new string('x', 501)), active), 400,
            Problems.ValidationType);
        Fine(RevokeKeyEndpoint.Validate("water", new RevokeApiKey("rotated"), active));
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
    public void a_key_is_issued_only_for_a_registered_unit_and_a_role_it_may_hold()
    {
        var water = new DepartmentState("department/water", "water", DepartmentKinds.CityDepartment);

        Refused(IssueKeyEndpoint.Validate("nowhere", new IssueApiKey(), null), 404, Problems.NotFoundType);
        Refused(IssueKeyEndpoint.Validate("water", new IssueApiKey(Label: new string('x', 201)), water), 400,
            Problems.ValidationType);
        Refused(IssueKeyEndpoint.Validate("water", new IssueApiKey(Roles.Coordinator), water), 400,
            Problems.ValidationType);
        Fine(IssueKeyEndpoint.Validate("water", new IssueApiKey(Roles.Department, "审批系统"), water));
    }

    [Fact]
    public void an_issued_key_is_answered_once_and_stored_as_its_hash()
    {
        var (result, start) = IssueKeyEndpoint.Post("water", new IssueApiKey(Roles.Department, "审批系统"),
            Caller("government-services", Roles.Coordinator), Clock);

        var answer = Assert.IsType<Created<IssuedApiKey>>(result).Value!;
        var issued = Assert.IsType<ApiKeyIssued>(Assert.Single(start.Events));
        Assert.Equal((answer.KeyId, "water", Roles.Department, Now), (issued.KeyId, issued.Department, issued.Role,
            issued.IssuedAt));
        Assert.True(ApiKeySecret.TryParse(answer.Key, out var keyId, out var secret));
        Assert.Equal(ApiKeySecret.Hash(keyId, secret), issued.Hash);
        Assert.DoesNotContain(secret, issued.Hash);
    }
}
