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

    private const string Holder = "91350100M000100Y43";

    // An open case of the holder: the department serving it now, with the licence types its service lists.
    private static OpenCase Case(string frontOffice, string? serving, string[] lists, string applicant = Holder) =>
        new("app-1", applicant, frontOffice,
            serving is null ? new Dictionary<string, IReadOnlySet<string>>()
                : new Dictionary<string, IReadOnlySet<string>> { [serving] = lists.ToHashSet() },
            lists.ToHashSet());

    [Fact]
    public void the_issuer_a_recipient_of_the_material_and_who_serves_an_open_application_have_a_basis()
    {
        var received = new LicenceRecipients
        {
            Id = "lic-1", Received = ["housing-fund"], Pulled = ["water"],
            ReceivedIn = new() { ["housing-fund"] = ["app-1"] },
        };
        Assert.Equal("issuer", LicenceReads.Basis(View(), Issuer, null, []));
        Assert.Equal("received-as-material:app-1",
            LicenceReads.Basis(View(), "housing-fund", received, [Case("government-services", "housing-fund", [])]));
        Assert.Equal("application:app-1",
            LicenceReads.Basis(View(), "tax", null, [Case("government-services", "tax", [BusinessLicence])]));
        Assert.Equal("front-office:app-1",
            LicenceReads.Basis(View(), "government-services", null, [Case("government-services", null,
                [BusinessLicence])]));
        // Having pulled it once is no basis at all.
        Assert.Null(LicenceReads.Basis(View(), "water", received, []));
    }

    [Fact]
    public void the_basis_is_only_for_the_types_the_service_lists_and_ends_with_the_case()
    {
        var received = new LicenceRecipients
        {
            Id = "lic-1", Received = ["housing-fund"], ReceivedIn = new() { ["housing-fund"] = ["app-1"] },
        };
        // Another type listed, or the case of someone else: no basis.
        Assert.Null(LicenceReads.Basis(View(), "tax", null,
            [Case("government-services", "tax", ["resident-id-card"])]));
        Assert.Null(LicenceReads.Basis(View(), "tax", null,
            [Case("government-services", "tax", [BusinessLicence], applicant: "120101199001011234")]));
        Assert.Null(LicenceReads.Basis(View(), "government-services", null,
            [Case("government-services", null, ["resident-id-card"])]));
        // The case ended (no open case left, or the department no longer serves it): received as material is no
        // basis any more; legacy documents without the cases give none.
        Assert.Null(LicenceReads.Basis(View(), "housing-fund", received, []));
        Assert.Null(LicenceReads.Basis(View(), "housing-fund", received, [Case("government-services", null, [])]));
        Assert.Null(LicenceReads.Basis(View(), "housing-fund", new LicenceRecipients { Received = ["housing-fund"] },
            [Case("government-services", "housing-fund", [])]));
    }

    [Theory]
    [InlineData(ServiceStates.Dispatched, true)]
    [InlineData(ServiceStates.Accepted, true)]
    [InlineData(ServiceStates.Supplement, true)]
    [InlineData(ServiceStates.Waiting, false)]
    [InlineData(ServiceStates.Completed, false)]
    [InlineData(ServiceStates.Rejected, false)]
    [InlineData(ServiceStates.Withdrawn, false)]
    public void only_a_service_dispatched_and_not_done_serves_a_case(string state, bool serving)
    {
        var app = new ApplicationView
        {
            Id = "app-1", FrontOffice = "government-services",
            Applicant = new Applicant(ApplicantKinds.Enterprise, Holder, "天津示例科技有限公司"),
            Services = [new ApplicationView.ServiceLine { Plan = new PlannedService("s1", "办", "tax", [], 5),
                State = state }],
        };
        Assert.Equal(serving, OpenCases.Of(app, null).Serving.ContainsKey("tax"));
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
            new Dictionary<string, LicenceRecipients>
            {
                ["lic-2"] = new() { Id = "lic-2", Received = ["tax"], ReceivedIn = new() { ["tax"] = ["app-1"] } },
            },
            [Case("government-services", "tax", [])]);
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
