using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Licences;

public sealed class pulls_on_a_case(HubFixture hub)
{
    private static LicenceDocument DrivingLicence(Applicant person) => new(
        "driving-licence", $"DL{Guid.NewGuid():N}"[..16], new LicenceHolder(person.Name, "resident-id",
            person.IdNumber),
        "public-security", "天津市公安交通管理局", "2026-11-01", new Dictionary<string, string>(),
        ValidUntil: "2032-11-01");

    private static string SomeResidentId() => ResidentId(
        $"12010419900{Random.Shared.Next(1, 10)}1{Random.Shared.Next(0, 10)}{Random.Shared.Next(100, 1000)}");

    [Fact]
    public async Task a_department_serving_a_case_pulls_the_types_its_service_lists_and_nothing_once_the_case_ends()
    {
        var person = Person(SomeResidentId());
        var card = await hub.Push(LicenceScenarios.IdCard(person));          // listed by 出生医学证明's guide
        var driving = await hub.Push(DrivingLicence(person));                // listed by none of the case's services
        var application = await hub.Apply("newborn", person, ["birth-medical-certificate"]);

        await hub.Host.Get($"/api/licences/{card.LicenceId}", hub.Department("health"));
        (await hub.Host.Get($"/api/licences/{driving.LicenceId}", hub.Department("health"), 403)).Problem();
        var found = (await hub.Host.Post("/api/licences/search", new SearchLicences(person.IdNumber),
            hub.Department("health"), 200)).Read<LicenceList>();
        Assert.Equal([card.LicenceId], found.Licences.Select(l => l.LicenceId));

        await hub.Outcome(application.ApplicationId, "birth-medical-certificate", "health",
            new ServiceOutcome(Outcomes.Rejected, Reasons: ["不符合办理条件"]));
        (await hub.Host.Get($"/api/licences/{card.LicenceId}", hub.Department("health"), 403)).Problem();
        Assert.Empty((await hub.Host.Post("/api/licences/search", new SearchLicences(person.IdNumber),
            hub.Department("health"), 200)).Read<LicenceList>().Licences);
        // The deprecated GET answers the same.
        Assert.Empty((await hub.Host.Get($"/api/licences?holder={person.IdNumber}",
            hub.Department("health"))).Read<LicenceList>().Licences);
    }

    [Fact]
    public async Task a_search_without_a_holder_is_400()
    {
        (await hub.Host.PostRaw("/api/licences/search", "{}", hub.Department("health"), 400)).Problem();
        (await hub.Host.PostRaw("/api/licences/search", $"{{\"holder\":\"{new string('1', 40)}\"}}",
            hub.Department("health"), 400)).Problem();
    }
}
