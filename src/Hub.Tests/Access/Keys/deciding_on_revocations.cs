using OneThing.Contracts;
using OneThing.Hub.Features.Access;

namespace OneThing.Hub.Tests.Access.Keys;

/// <summary>Whose keys a role revokes: never those of the role that audits it.</summary>
public sealed class deciding_on_revocations
{
    private static ApiKeyState Key(string department, string role) =>
        new("0123456789abcdef", department, ApiKeyStatus.Active, role);

    [Theory]
    [InlineData(Roles.Coordinator, "government-services", "cyberspace-affairs", Roles.Governance, false)]
    [InlineData(Roles.Coordinator, "government-services", "water", Roles.Department, true)]
    [InlineData(Roles.Governance, "cyberspace-affairs", "cyberspace-affairs", Roles.Governance, true)]
    [InlineData(Roles.Department, "water", "water", Roles.Department, true)]
    [InlineData(Roles.Department, "water", "tax", Roles.Department, false)]
    [InlineData(Roles.DataCentre, "big-data-centre", "water", Roles.Department, false)]
    public void a_role_revokes_only_what_it_may(string role, string department, string owner, string keyRole,
        bool allowed) =>
        Assert.Equal(allowed, KeyPolicy.RevocationRefusal(role, department, Key(owner, keyRole)) is null);
}
