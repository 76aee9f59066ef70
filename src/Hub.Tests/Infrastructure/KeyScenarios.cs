using OneThing.Contracts;

namespace OneThing.Hub.Tests.Infrastructure;

/// <summary>A fresh key the way a department system gets one: the coordinator opens an enrolment, the system
/// redeems the code with no key of its own.</summary>
public static class KeyScenarios
{
    public static async Task<EnrolmentCode> OpenEnrolment(
        this HubFixture hub,
        string department,
        OpenEnrolment? request = null,
        string? key = null) =>
        (await hub.Host.Post($"/api/departments/{department}/enrolments", request ?? new OpenEnrolment(),
            key ?? hub.Keys.Coordinator, 201)).Read<EnrolmentCode>();

    public static async Task<IssuedApiKey> Redeem(this HubFixture hub, string code) =>
        (await hub.Host.Post("/api/enrolments/redemption", new RedeemEnrolment(code), null, 201)).Read<IssuedApiKey>();

    public static async Task<IssuedApiKey> Enrol(this HubFixture hub, string department, string? label = null,
        int? validDays = null) =>
        await hub.Redeem((await hub.OpenEnrolment(department, new OpenEnrolment(Label: label, ValidDays: validDays)))
            .Code);
}
