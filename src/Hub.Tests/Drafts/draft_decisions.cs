using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Drafts;

namespace OneThing.Hub.Tests.Drafts;

/// <summary>The drafts' decisions as pure functions: expiry, the licence's values through a submission, the catalog's
/// rules for triggers.</summary>
public sealed class draft_decisions
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static Draft Open(DateTimeOffset expires) => new("d1", "newborn", "2022", "district-heping", null,
        ["household-registration"], [], expires, DraftState.Open);

    [Fact]
    public void a_draft_expires_at_its_time_only_and_only_while_open()
    {
        var draft = Open(Now.AddDays(30));
        var due = new DraftExpires(draft.Id, draft.ExpiresAt);
        Assert.Empty(DraftExpiresHandler.Decide(due, draft, Now));
        Assert.IsType<DraftExpired>(Assert.Single(DraftExpiresHandler.Decide(due, draft, Now.AddDays(30))));
        Assert.Empty(DraftExpiresHandler.Decide(due, draft with { State = DraftState.Submitted }, Now.AddDays(31)));
        Assert.False(draft.OpenAt(Now.AddDays(30)));
        Assert.True(draft.OpenAt(Now));
    }

    [Fact]
    public void a_licence_value_stays_the_licence_s_and_one_typed_over_it_is_a_correction_beside_it()
    {
        var fromLicence = new CaseFormValue("newborn-name", "王小宝", FieldSourceKinds.Licence,
            LicenceType: "birth-medical-certificate", LicenceId: "L1", Field: "holder-name");
        var kept = DraftTriggers.WithLicenceSources(
            [new CaseFormValue("newborn-name", "王小宝", FieldSourceKinds.Applicant)], [fromLicence]);
        Assert.Equal(fromLicence, Assert.Single(kept));
        var corrected = Assert.Single(DraftTriggers.WithLicenceSources(
            [new CaseFormValue("newborn-name", "王小豹", FieldSourceKinds.Applicant)], [fromLicence]));
        Assert.Equal((FieldSourceKinds.Correction, "王小豹", "王小宝", "L1"),
            (corrected.Kind, corrected.Value, corrected.Found, corrected.LicenceId));
        var exchange = new CaseFormValue("household-address", "x", FieldSourceKinds.Exchange, ExchangeId: "E1");
        Assert.Equal(exchange, Assert.Single(DraftTriggers.WithLicenceSources([exchange], [fromLicence])));
    }

    [Theory]
    [InlineData("2026-12-01", true)]
    [InlineData("2026-11-02", true)]
    [InlineData("2026-10-30", false)]
    [InlineData("not a date", false)]
    public void only_a_licence_issued_within_a_draft_s_lifetime_opens_a_one_thing(string issuedOn, bool opens) =>
        Assert.Equal(opens, DraftTriggers.Recent(issuedOn, Now, TimeSpan.FromDays(30)));

    [Fact]
    public void the_catalog_refuses_a_trigger_that_skips_what_is_not_there_or_fills_what_no_drafted_form_has()
    {
        var form = new List<FormField> { new("newborn-name", "新生儿姓名", "text", true) };
        var guide = new ServiceGuide([], [], [], "不收费", new ServiceResult("registration", "登记"), form,
            new GuideProvenance([], []));
        var thing = new OneThingDefinition("newborn", 1, "新生儿出生", Audiences.Individual, ["health"],
        [
            new InvolvedService("a", "甲", ["health"], [], 1, Guide: guide),
            new InvolvedService("b", "乙", ["health"], [], 1),
        ], OpenedBy: [new OneThingTrigger("birth-medical-certificate",
            new Dictionary<string, string> { ["newborn-name"] = "holder-name" }, Skip: ["b"])]);
        var catalog = new CatalogEditionDocument("2099", "t", [thing]);
        Assert.Empty(CatalogRules.Check(catalog, new HashSet<string> { "health" }));

        var bad = thing with
        {
            OpenedBy = [new OneThingTrigger("birth-medical-certificate",
                new Dictionary<string, string> { ["newborn-name"] = "holder-name" }, Skip: ["a", "c"])],
        };
        var errors = CatalogRules.Check(catalog with { OneThings = [bad] }, new HashSet<string> { "health" });
        Assert.Contains(errors["oneThings[0].openedBy[0].skip"], e => e.Contains("'c'"));
        Assert.Contains(errors["oneThings[0].openedBy[0].fill"], e => e.Contains("newborn-name"));
    }
}
