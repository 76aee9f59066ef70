using System.Text.Json;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Access.Enrolments;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Access;

/// <summary>
/// The coordinator registers units and opens enrolments, but never holds another principal's secret: department
/// keys come from one-time enrolments their own systems redeem, governance keys from the bootstrap or two
/// governance officers, and the coordinator cannot revoke the keys of governance, which audits it.
/// </summary>
public sealed class separation_of_duties(HubFixture hub)
{
    /// <summary>A second governance officer, as the operator's bootstrap would give one (by hand, like DevKeys).
    /// </summary>
    private async Task<IssuedApiKey> BootstrapOfficer()
    {
        var issued = KeyPolicy.Issue(DevKeys.GovernanceDepartment, Roles.Governance, "second officer",
            GovernanceBootstrap.Principal, hub.Clock.GetUtcNow(), KeyPolicy.DefaultLifetime, out var key);
        await using var session = hub.Store.LightweightSession();
        session.Events.StartStream<ApiKey>(issued.KeyId, issued);
        await session.SaveChangesAsync();
        return KeyPolicy.Answer(issued, key);
    }

    [Fact]
    public async Task the_coordinator_cannot_obtain_a_departments_secret_or_a_governance_key()
    {
        var before = await hub.EventCount();
        var coordinator = hub.Keys.Coordinator;

        foreach (var (unit, role) in new[]
        {
            ("water", Roles.Department),
            ("big-data-centre", Roles.DataCentre),
            (DevKeys.GovernanceDepartment, Roles.Governance),
            (DevKeys.CoordinatorDepartment, Roles.Governance),
        })
        {
            var problem = (await hub.Host.Post($"/api/departments/{unit}/keys", new IssueApiKey(role), coordinator,
                403)).Problem();
            Assert.Equal(Problems.ForbiddenType, problem.Type);
        }
        (await hub.Host.Post($"/api/departments/{DevKeys.GovernanceDepartment}/enrolments",
            new OpenEnrolment(Roles.Governance), coordinator, 403)).Problem();
        Assert.Equal(before, await hub.EventCount());

        // What it may do: open an enrolment, whose answer holds a code and no key.
        var opened = await hub.Host.Post("/api/departments/water/enrolments", new OpenEnrolment(Label: "审批系统"),
            coordinator, 201);
        Assert.DoesNotContain("otk_", opened.ReadAsText());
        Assert.False(opened.Read<EnrolmentCode>().AwaitsApproval);
    }

    [Fact]
    public async Task an_enrolment_code_is_redeemed_once_for_the_departments_own_key_and_only_its_hash_is_kept()
    {
        var enrolment = await hub.OpenEnrolment("water", new OpenEnrolment(Label: "一次性"));
        Assert.Equal(Roles.Department, enrolment.Role);
        Assert.True(enrolment.ExpiresAt <= hub.Clock.GetUtcNow().AddHours(24));

        var wrong = enrolment.Code[..^4] + "0000";
        (await hub.Host.Post("/api/enrolments/redemption", new RedeemEnrolment(wrong), null, 404)).Problem();
        var key = await hub.Redeem(enrolment.Code);
        Assert.Equal(("water", Roles.Department), (key.Department, key.Role));
        await hub.Host.Get("/api/licence-types", key.Key);

        var again = (await hub.Host.Post("/api/enrolments/redemption", new RedeemEnrolment(enrolment.Code), null,
            409)).Problem();
        Assert.Contains("already used", again.Detail);

        await using var session = hub.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(EnrolmentState.StreamKey(enrolment.EnrolmentId));
        Assert.Equal([typeof(EnrolmentOpened), typeof(EnrolmentRedeemed)], events.Select(e => e.Data.GetType()));
        Assert.Equal(key.KeyId, ((EnrolmentRedeemed)events[1].Data).KeyId);
        Assert.DoesNotContain(enrolment.Code.Split('.')[1], JsonSerializer.Serialize(events.Select(e => e.Data)));
    }

    [Fact]
    public async Task an_enrolment_code_expires_within_a_day()
    {
        var enrolment = await hub.OpenEnrolment("water");
        var before = await hub.EventCount();
        hub.Clock.Advance(TimeSpan.FromHours(24));
        try
        {
            var problem = (await hub.Host.Post("/api/enrolments/redemption", new RedeemEnrolment(enrolment.Code),
                null, 409)).Problem();
            Assert.Contains("expired", problem.Detail);
        }
        finally
        {
            hub.Clock.Advance(TimeSpan.FromHours(-24));
        }
        Assert.Equal(before, await hub.EventCount());
    }

    [Fact]
    public async Task a_governance_key_takes_two_different_governance_officers()
    {
        var second = await BootstrapOfficer();
        var enrolment = await hub.OpenEnrolment(DevKeys.GovernanceDepartment, new OpenEnrolment(Label: "新任官员"),
            hub.Keys.Governance);
        Assert.Equal((Roles.Governance, true), (enrolment.Role, enrolment.AwaitsApproval));

        (await hub.Host.Post("/api/enrolments/redemption", new RedeemEnrolment(enrolment.Code), null, 409)).Problem();
        var approval = $"/api/enrolments/{enrolment.EnrolmentId}/approval";
        (await hub.Host.Post(approval, new { }, hub.Keys.Governance, 403)).Problem();
        (await hub.Host.Post(approval, new { }, hub.Keys.Coordinator, 403)).Problem();
        await hub.Host.Post(approval, new { }, second.Key, 204);

        var officer = await hub.Redeem(enrolment.Code);
        Assert.Equal(Roles.Governance, officer.Role);
        await hub.Host.Get("/api/audit/events?limit=1", officer.Key);
    }

    [Fact]
    public async Task the_coordinator_cannot_revoke_governance_keys_but_governance_can()
    {
        var officer = await BootstrapOfficer();
        var url = $"/api/departments/{DevKeys.GovernanceDepartment}/keys/{officer.KeyId}/revocation";

        (await hub.Host.Post(url, new RevokeApiKey("越权"), hub.Keys.Coordinator, 403)).Problem();
        await hub.Host.Get("/api/audit/events?limit=1", officer.Key);
        await hub.Host.Post(url, new RevokeApiKey("官员离任"), hub.Keys.Governance, 204);
        await hub.Host.Get("/api/audit/events?limit=1", officer.Key, 401);
    }

    [Fact]
    public async Task a_key_expires_after_its_validity()
    {
        var key = await hub.Enrol("water", "short-lived", validDays: 1);
        Assert.Equal(key.IssuedAt.AddDays(1), key.ExpiresAt);
        await hub.Host.Get("/api/licence-types", key.Key);

        hub.Clock.Advance(TimeSpan.FromDays(1));
        try
        {
            var problem = (await hub.Host.Get("/api/licence-types", key.Key, 401)).Problem();
            Assert.Equal(Problems.UnauthenticatedType, problem.Type);
        }
        finally
        {
            hub.Clock.Advance(TimeSpan.FromDays(-1));
        }
    }

    [Fact]
    public async Task a_rotated_key_keeps_working_for_the_overlap_beside_its_successor()
    {
        var old = await hub.Enrol("water", "rotating");
        var rotation = $"/api/departments/water/keys/{old.KeyId}/rotation";
        (await hub.Host.Post(rotation, new RotateApiKey(1, "rotated"), hub.Keys.Coordinator, 403)).Problem();
        var successor = (await hub.Host.Post(rotation, new RotateApiKey(1, "rotated"), old.Key, 201))
            .Read<IssuedApiKey>();
        Assert.Equal(("water", Roles.Department), (successor.Department, successor.Role));
        Assert.NotEqual(old.KeyId, successor.KeyId);
        (await hub.Host.Post(rotation, new RotateApiKey(1, "rotated"), old.Key, 409)).Problem();

        await hub.Host.Get("/api/licence-types", old.Key);
        await hub.Host.Get("/api/licence-types", successor.Key);
        hub.Clock.Advance(TimeSpan.FromHours(1));
        try
        {
            await hub.Host.Get("/api/licence-types", old.Key, 401);
            await hub.Host.Get("/api/licence-types", successor.Key);
        }
        finally
        {
            hub.Clock.Advance(TimeSpan.FromHours(-1));
        }
    }

    [Fact]
    public async Task a_departments_keys_are_listed_to_it_and_the_coordinator_without_secrets()
    {
        var key = await hub.Enrol("water", "listed");
        ApiKeySecret.TryParse(key.Key, out _, out var secret);
        await using var session = hub.Store.QuerySession();
        var hash = (await session.LoadAsync<ApiKey>(key.KeyId))!.Hash;

        foreach (var caller in new[] { hub.Department("water"), hub.Keys.Coordinator })
        {
            var answer = await hub.Host.Get("/api/departments/water/keys?limit=500", caller);
            var text = answer.ReadAsText();
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(hash, text);
            var listed = Assert.Single(answer.Read<Page<ApiKeyInfo>>().Items, k => k.KeyId == key.KeyId);
            Assert.Equal(new ApiKeyInfo(key.KeyId, "water", Roles.Department, "listed", key.IssuedAt,
                key.ExpiresAt!.Value), listed);
        }
        (await hub.Host.Get("/api/departments/water/keys", hub.Department("tax"), 403)).Problem();
    }
}
