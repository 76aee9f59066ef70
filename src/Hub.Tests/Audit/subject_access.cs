using System.Text.Json;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Tests.Infrastructure;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;
using static OneThing.Hub.Tests.Licences.LicenceScenarios;

namespace OneThing.Hub.Tests.Audit;

public sealed class subject_access(HubFixture hub)
{
    private static string UniqueCreditCode() => CreditCode($"91120101MA{Random.Shared.Next(1_000_000, 10_000_000)}");

    [Fact]
    public async Task a_governance_officer_learns_who_read_or_received_data_about_a_person_with_the_number_in_the_body()
    {
        // A number of its own: the scenarios' default credit code is every test's company.
        var company = Company() with { IdNumber = UniqueCreditCode() };
        var licence = await hub.Push(BusinessLicence(company));
        await hub.Host.Get($"/api/licences/{licence.LicenceId}", hub.Department("market-regulation"));

        const string consumer = "district-ninghe";
        var until = DateOnly.FromDateTime(hub.Clock.GetUtcNow().AddHours(8).Date).AddDays(30).ToString("yyyy-MM-dd");
        var grant = (await hub.Host.Post("/api/share-requests", new RequestShare("enterprise-registration-record", "核验",
            "办法", ["uscc"], until), hub.Department(consumer), 201)).Read<ShareRequestStatus>();
        var accepted = (await hub.Host.Post("/api/exchanges", new RequestExchange(grant.Id,
            new Dictionary<string, string> { ["uscc"] = company.IdNumber }), hub.Department(consumer), 202))
            .Read<ExchangeResult>();
        var record = JsonSerializer.SerializeToElement(new
        {
            uscc = company.IdNumber, enterpriseName = company.Name, legalRepresentative = "孙七",
            establishmentDate = "2021-02-03", registrationStatus = "存续",
        });
        await hub.Host.Post($"/api/exchanges/{accepted.Id}/reply", new ExchangeReply([record]),
            hub.Department("market-regulation"), 200);
        await hub.Host.Get(accepted.Location, hub.Department(consumer));

        var report = (await hub.Host.Post("/api/audit/subject-access", new SubjectAccessRequest(company.IdNumber),
            hub.Keys.Governance, 200)).Read<SubjectAccessReport>();
        Assert.Contains(report.Entries, e => (e.What, e.Department, e.Reference, e.Basis)
            == (SubjectAccessKinds.LicencePulled, "market-regulation", licence.LicenceId, "issuer"));
        Assert.Contains(report.Entries, e => (e.What, e.Department, e.Reference)
            == (SubjectAccessKinds.ExchangeQueried, "market-regulation", accepted.Id));
        Assert.Contains(report.Entries, e => (e.What, e.Department, e.Reference)
            == (SubjectAccessKinds.ExchangeAnswered, "market-regulation", accepted.Id));
        Assert.Contains(report.Entries, e => (e.What, e.Department, e.Reference)
            == (SubjectAccessKinds.ExchangeDelivered, consumer, accepted.Id));
        Assert.Equal(report.Entries.Count, report.Count);
        Assert.Equal(report.Entries.OrderBy(e => e.At).Select(e => e.At), report.Entries.Select(e => e.At));

        // Somebody else's number finds none of it; the answer itself is recorded, with the number blinded.
        var other = (await hub.Host.Post("/api/audit/subject-access", new SubjectAccessRequest(UniqueCreditCode()),
            hub.Keys.Governance, 200)).Read<SubjectAccessReport>();
        Assert.Empty(other.Entries);
        await using var session = hub.Store.QuerySession();
        var answered = (await session.Events.FetchStreamAsync(SubjectAccessEndpoint.Stream)).Select(e => e.Data)
            .OfType<SubjectAccessAnswered>().ToList();
        Assert.NotEmpty(answered);
        Assert.DoesNotContain(company.IdNumber, JsonSerializer.Serialize(answered));
        (await hub.Host.Post("/api/audit/subject-access", new SubjectAccessRequest(company.IdNumber),
            hub.Department(consumer), 403)).Problem();
    }
}
