using Microsoft.AspNetCore.Http.HttpResults;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Licences;
using Wolverine.Http;
using static OneThing.Hub.Tests.Licences.Decisions.Given;

namespace OneThing.Hub.Tests.Licences.Decisions;

public sealed class pulling_licences
{
    private static LicenceView View(string id = "lic-1") => LicenceProjection.Create(new LicenceIssued(id,
        BusinessLicence, "BL1",
        Issuer, "key", SignedDocument.From(Document()), new DocumentSignature("ECDSA-P256-SHA256", "k1", "c2ln"), "d1",
            "p",
        Now));

    private static ApplicationView Application(string frontOffice, string department, string state) => new()
    {
        Id = "app-1", FrontOffice = frontOffice,
        Services =
        [
            new ApplicationView.ServiceLine { Plan = new PlannedService("s1", "办", department, [], 5), State = state },
        ],
    };

    [Fact]
    public void the_issuer_a_recipient_of_the_material_and_who_serves_an_open_application_have_a_basis()
    {
        var received = new LicenceRecipients { Id = "lic-1", Received = ["housing-fund"], Pulled = ["water"] };
        Assert.Equal("issuer", LicenceReads.Basis(View(), Issuer, null, []));
        Assert.Equal("received-as-material", LicenceReads.Basis(View(), "housing-fund", received, []));
        Assert.Equal("application:app-1",
            LicenceReads.Basis(View(), "tax", null, [Application("government-services", "tax",
                ServiceStates.Dispatched)]));
        Assert.Equal("front-office:app-1",
            LicenceReads.Basis(View(), "government-services", null, [Application("government-services", "tax",
                "waiting")]));
        // Waiting for its turn is no basis yet, and having pulled it once is none at all.
        Assert.Null(LicenceReads.Basis(View(), "tax", null, [Application("government-services", "tax",
            ServiceStates.Waiting)]));
        Assert.Null(LicenceReads.Basis(View(), "water", received, []));
    }

    [Fact]
    public void a_pull_answers_the_record_and_is_recorded_on_the_licences_reads_stream()
    {
        var (result, reads) = PullLicenceEndpoint.Get("lic-1", new PullLicenceEndpoint.Loaded(View(), null, []),
            Department(Issuer), Clock());

        var ok = Assert.IsType<Ok<LicenceRecord>>(result);
        Assert.Equal(("lic-1", LicenceStatuses.Valid), (ok.Value!.LicenceId, ok.Value.Status));
        var (stream, e) = Assert.Single(reads.Appends);
        Assert.Equal("licence-reads/lic-1", stream);
        Assert.Equal(new LicencePulled("lic-1", Issuer, "issuer", "market-regulation/k1", Now), e);
    }

    [Theory]
    [InlineData(true, "no legal basis")]
    [InlineData(false, "no such licence")]
    public void a_pull_without_a_basis_and_one_of_an_unknown_licence_are_refused_alike_and_recorded(bool exists,
        string why)
    {
        var loaded = new PullLicenceEndpoint.Loaded(exists ? View() : null, null, []);
        var (result, reads) = PullLicenceEndpoint.Get("lic-1", loaded, Department("water"), Clock());

        Assert.Equal(403, Assert.IsType<ProblemHttpResult>(result).StatusCode);
        var (stream, e) = Assert.Single(reads.Appends);
        Assert.Equal("refusals/water", stream);
        Assert.Equal(new LicencePullRefused("water", "lic-1", null, why, "water/k1", Now), e);
    }

    [Fact]
    public void by_holder_hands_over_only_what_has_a_basis_records_each_pull_and_one_refusal()
    {
        var loaded = new PullHolderLicencesEndpoint.Loaded([View("lic-1"), View("lic-2")],
            new Dictionary<string, LicenceRecipients> { ["lic-2"] = new() { Id = "lic-2", Received = ["tax"] } }, []);
        var (result, reads) = PullHolderLicencesEndpoint.ByHolder("91350100M000100Y43", BusinessLicence, loaded,
            Department("tax"), Clock());

        var list = Assert.IsType<Ok<LicenceList>>(result).Value!;
        Assert.Equal(("lic-2", 1), (Assert.Single(list.Licences).LicenceId, list.Count));
        Assert.Equal(["licence-reads/lic-2", "refusals/tax"], reads.Appends.Select(a => a.Stream));
        Assert.Equal(new LicencePullRefused("tax", null, BusinessLicence,
            "no legal basis for some of the holder's licences", "tax/k1", Now),
            reads.Appends[1].Event);
    }

    [Fact]
    public void by_holder_needs_a_holder_and_records_nothing_when_the_holder_has_no_licences()
    {
        Assert.Equal(400, PullHolderLicencesEndpoint.Validate(null).Status);
        Assert.Equal(400, PullHolderLicencesEndpoint.Validate(new string('1', 33)).Status);
        Assert.Same(WolverineContinue.NoProblems, PullHolderLicencesEndpoint.Validate("91350100M000100Y43"));
        var none = new PullHolderLicencesEndpoint.Loaded([], new Dictionary<string, LicenceRecipients>(), []);
        var (result, reads) = PullHolderLicencesEndpoint.ByHolder("91350100M000100Y43", null, none, Department("tax"),
            Clock());
        Assert.Empty(Assert.IsType<Ok<LicenceList>>(result).Value!.Licences);
        Assert.Empty(reads.Appends);
    }
}
