using System.Diagnostics;
using Alba;
using Marten;
using Marten.Events;
using Wolverine.Tracking;
using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Features.Drafts;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Licences;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Drafts;

/// <summary>
/// 免申即享: a pushed birth or death certificate opens its One Thing; the hub prepares the draft and offers it to the
/// front office of the person's district, which submits it with the applicant's consent or declines it.
/// </summary>
public sealed class proactive_drafts(HubFixture hub)
{
    private const string Heping = "district-heping";

    private static string HepingResident(string born = "1992") => Resident("120101", born);

    private static string Resident(string division, string born) => ResidentId(
        $"{division}{born}{Random.Shared.Next(1, 13):00}{Random.Shared.Next(1, 28):00}{Random.Shared.Next(100, 999)}");

    /// <summary>public-security's system answering household queries about <paramref name="about"/>.</summary>
    private ProviderSide Households(string about) => hub.Answering("public-security", about, _ =>
    [
        new Dictionary<string, string>
        {
            ["residentId"] = about, ["name"] = "李小红", ["householdNumber"] = "120101" + about[^6..],
            ["householdAddress"] = "天津市和平区成都道8号2门101", ["householdStatus"] = "正常",
        },
    ]);

    // Born and certified today (Beijing time): a draft is only for a licence issued within its time.
    // The hub's today, not the machine's: other tests move the hub's clock weeks ahead, and a certificate older than
    // the drafts' window (by the hub's clock) rightly opens nothing.
    private string Today => hub.Clock.GetUtcNow().AddHours(8).ToString("yyyy-MM-dd");

    private Task<LicencePushed> BirthCertificate(string mother, string father, string number, string? on = null) =>
        hub.Push(new LicenceDocument("birth-medical-certificate", number,
            new LicenceHolder("王小宝", "birth-certificate-number", number), "health", "天津市妇产科医院", on ?? Today,
            new Dictionary<string, string>
            {
                ["sex"] = "女", ["birth-date"] = on ?? Today, ["mother-name"] = "李小红", ["father-name"] = "王大力",
                ["mother-resident-id"] = mother, ["father-resident-id"] = father,
            }));

    private static string Number() => $"Q12{Random.Shared.Next(10000000, 99999999)}";

    private async Task<ApplicationDraft> Offered(string department, string licenceId, TimeSpan within)
    {
        var message = Assert.Single(await hub.Inbox(department, licenceId, within: within),
            m => m.Kind == MessageKinds.ApplicationDraft);
        return message.Payload<ApplicationDraft>();
    }

    private static FormValue Field(ApplicationDraft draft, string code) =>
        Assert.Single(draft.Fields, f => f.Code == code);

    [Fact]
    public async Task a_birth_certificate_yields_a_draft_for_the_mother_s_district_that_starts_the_application()
    {
        var mother = HepingResident();
        var father = HepingResident("1990");
        var card = await hub.Push(LicenceScenarios.IdCard(new Applicant(ApplicantKinds.Person, mother, "李小红")));
        await using var households = Households(mother);
        var number = Number();

        var certificate = await BirthCertificate(mother, father, number);
        var clock = Stopwatch.StartNew();
        var draft = await Offered(Heping, certificate.LicenceId, TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"offered {clock.Elapsed} after the push");

        Assert.Equal("newborn", draft.OneThing);
        Assert.Equal(Heping, draft.FrontOffice);
        Assert.Equal(mother, draft.Applicant!.IdNumber);
        Assert.Equal("李小红", draft.Applicant.Name);
        Assert.DoesNotContain("birth-medical-certificate", draft.Services);
        Assert.Equal(certificate.LicenceId, draft.OpenedBy.LicenceId);
        foreach (var (code, value) in new[] { ("newborn-name", "王小宝"), ("birth-certificate-number", number),
                     ("newborn-birth-date", Today), ("newborn-sex", "女") })
        {
            Assert.Equal(value, Field(draft, code).Value);
            Assert.Equal(FieldSourceKinds.Licence, Field(draft, code).Source!.Kind);
            Assert.Equal(certificate.LicenceId, Field(draft, code).Source!.LicenceId);
        }
        Assert.Equal(card.LicenceId, Field(draft, "applicant-name").Source!.LicenceId);
        // Shared data is asked for once the applicant agreed, on submission: not typed, not yet queried.
        Assert.Contains("household-address", draft.AtSubmission);
        Assert.DoesNotContain("household-address", draft.ToType);
        Assert.Null(Field(draft, "household-address").Value);
        Assert.Contains("applicant-phone", draft.ToType);
        Assert.DoesNotContain("newborn-name", draft.ToType);

        // The list answers with the same draft, with its filled fields.
        var listed = (await hub.Host.Get("/api/drafts?state=open&limit=500", hub.Department(Heping)))
            .Read<DraftList>();
        var mine = Assert.Single(listed.Items, d => d.DraftId == draft.DraftId);
        Assert.Equal("王小宝", Assert.Single(mine.Fields, f => f.Code == "newborn-name").Value);

        // Another district's office neither sees nor submits it.
        var hexi = hub.Department("district-hexi");
        Assert.DoesNotContain((await hub.Host.Get("/api/drafts?limit=500", hexi)).Read<DraftList>().Items,
            d => d.DraftId == draft.DraftId);
        var typed = Typed(draft);
        await hub.Host.Post(draft.SubmissionUrl, new SubmitDraft(true, typed, "13912345678"), hexi, 403);

        var accepted = (await hub.Host.Post(draft.SubmissionUrl, new SubmitDraft(true, typed, "13912345678"),
            hub.Department(Heping), 201)).Read<ApplicationAccepted>();
        Assert.DoesNotContain("birth-medical-certificate", accepted.Services);
        Assert.Contains("newborn-name", accepted.FilledByHub);
        Assert.Contains("household-address", accepted.FilledByHub);

        // The first work items carry the certificate's values as the certificate's (the vaccination's: the household
        // registration's goes to public-security, whose inbox the loop above reads).
        var vaccination = (await hub.Inbox("health", accepted.ApplicationId))
            .Single(m => m.Kind == MessageKinds.WorkItem).Payload<WorkItem>();
        Assert.Equal("vaccination-certificate", vaccination.Service);
        var newborn = Assert.Single(vaccination.Fields!, f => f.Code == "newborn-name");
        Assert.Equal("王小宝", newborn.Value);
        Assert.Equal(FieldSourceKinds.Licence, newborn.Source!.Kind);
        Assert.Equal(certificate.LicenceId, newborn.Source.LicenceId);
        // 一套材料: the certificate stands in for the material, as a verifiable reference; the applicant brings none.
        var material = Assert.Single(vaccination.Materials, m => m.Code == "birth-medical-certificate");
        Assert.Equal((certificate.LicenceId, number), (material.Document!.LicenceId, material.Document.Number));
        Assert.Contains(accepted.MaterialsSpared, m => m.Code == "birth-medical-certificate"
            && m.SuppliedBy.LicenceType == "birth-medical-certificate");

        await hub.Host.Post(draft.SubmissionUrl, new SubmitDraft(true, typed, "13912345678"), hub.Department(Heping),
            409);
        var after = (await hub.Host.Get("/api/drafts?state=submitted&limit=500", hub.Department(Heping)))
            .Read<DraftList>();
        Assert.Equal(accepted.ApplicationId, Assert.Single(after.Items, d => d.DraftId == draft.DraftId).ApplicationId);
    }

    // What the window asks the applicant for: a plausible value of each field still to type.
    private Dictionary<string, string> Typed(ApplicationDraft draft) =>
        draft.ToType.Where(c => c != "applicant-phone").ToDictionary(c => c, c =>
        {
            var f = Field(draft, c);
            return f.Type switch
            {
                "date" => Today,
                "phone" => "13912345678",
                "choice" => c == "registration-household" ? "随母落户" : "女",
                _ => "天津市和平区成都道8号",
            };
        });

    [Fact]
    public async Task a_draft_is_declined_once_and_a_submission_without_consent_stores_nothing()
    {
        var mother = HepingResident();
        var certificate = await BirthCertificate(mother, HepingResident("1989"), Number());
        var draft = await Offered(Heping, certificate.LicenceId, TimeSpan.FromSeconds(10));
        var key = hub.Department(Heping);

        var before = await hub.EventCount();
        var refused = await hub.Host.PostRaw(draft.SubmissionUrl, """{"consent": false}""", key, 400);
        Assert.Equal("application/problem+json", refused.Context.Response.ContentType?.Split(';')[0]);
        Assert.Equal(before, await hub.EventCount());

        await hub.Host.Post($"/api/drafts/{draft.DraftId}/decline", new DeclineDraft(""), key, 400);
        await hub.Host.Post($"/api/drafts/{draft.DraftId}/decline", new DeclineDraft("父母将自行办理"),
            hub.Department("district-hexi"), 403);
        await hub.Host.Post($"/api/drafts/{draft.DraftId}/decline", new DeclineDraft("父母将自行办理"), key, 204);
        await hub.Host.Post($"/api/drafts/{draft.DraftId}/decline", new DeclineDraft("again"), key, 409);
        await hub.Host.Post(draft.SubmissionUrl, new SubmitDraft(true, Typed(draft), "13912345678"), key, 409);
        var declined = (await hub.Host.Get("/api/drafts?state=declined&limit=500", key)).Read<DraftList>();
        Assert.Equal("父母将自行办理", Assert.Single(declined.Items, d => d.DraftId == draft.DraftId).DeclineReason);
        await hub.Host.Get("/api/drafts?state=lost", key, 400);
        await hub.Host.Get("/api/drafts?after=nonsense", key, 400);

        // The One Thing's figures count the drafts as the events record them.
        await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var figures = Assert.Single((await hub.Host.Get("/api/metrics/one-things", hub.Keys.Coordinator))
            .Read<OneThingMetricsList>().OneThings, o => o.OneThing == "newborn").Drafts!;
        await using var session = hub.Store.QuerySession();
        var events = session.Events;
        Assert.Equal(
            (await events.QueryRawEventDataOnly<DraftPrepared>().CountAsync(e => e.OneThing == "newborn"),
                await events.QueryRawEventDataOnly<DraftSubmitted>().CountAsync(e => e.OneThing == "newborn"),
                await events.QueryRawEventDataOnly<DraftDeclined>().CountAsync(e => e.OneThing == "newborn")),
            ((int)figures.Prepared, (int)figures.Submitted, (int)figures.Declined));
        Assert.True(figures.Declined >= 1);
    }

    [Fact]
    public async Task a_draft_left_past_its_time_expires_and_is_no_longer_submitted()
    {
        var certificate = await BirthCertificate(HepingResident(), HepingResident("1991"), Number());
        var draft = await Offered(Heping, certificate.LicenceId, TimeSpan.FromSeconds(10));
        var key = hub.Department(Heping);

        // Early, the expiry changes nothing; at its time the draft expires.
        await hub.Host.InvokeMessageAndWaitAsync(new DraftExpires(draft.DraftId, draft.ExpiresAt));
        Assert.Equal(DraftStates.Open, (await Listed(key, draft.DraftId)).State);
        hub.Clock.Advance(TimeSpan.FromDays(31));
        try
        {
            await hub.Host.Post(draft.SubmissionUrl, new SubmitDraft(true, Typed(draft), "13912345678"), key, 409);
            await hub.Host.InvokeMessageAndWaitAsync(new DraftExpires(draft.DraftId, draft.ExpiresAt));
        }
        finally
        {
            hub.Clock.Advance(TimeSpan.FromDays(-31));
        }
        Assert.Equal(DraftStates.Expired, (await Listed(key, draft.DraftId)).State);
        await hub.Host.Post(draft.SubmissionUrl, new SubmitDraft(true, Typed(draft), "13912345678"), key, 409);
    }

    private async Task<ApplicationDraft> Listed(string key, string id)
    {
        string? after = null;
        while (true)
        {
            var page = (await hub.Host.Get($"/api/drafts?limit=2{(after is null ? "" : $"&after={after}")}", key))
                .Read<DraftList>();
            if (page.Items.FirstOrDefault(d => d.DraftId == id) is { } found) return found;
            after = page.Next ?? throw new InvalidOperationException($"Draft {id} is not listed.");
        }
    }

    [Fact]
    public async Task a_death_certificate_opens_after_death_for_the_deceased_s_district_with_the_applicant_to_give()
    {
        var deceased = Resident("120103", "1941");
        var death = await hub.Push(new LicenceDocument("death-medical-certificate",
            $"D{Random.Shared.Next(10000000, 99999999)}",
            new LicenceHolder("赵老汉", "resident-id", deceased), "health", "天津市第一中心医院", Today,
            new Dictionary<string, string> { ["death-date"] = Today }));
        var draft = await Offered("district-hexi", death.LicenceId, TimeSpan.FromSeconds(10));

        Assert.Equal("after-death", draft.OneThing);
        Assert.Null(draft.Applicant);
        Assert.Equal(deceased, Field(draft, "deceased-resident-id").Value);
        Assert.Equal("赵老汉", Field(draft, "deceased-name").Value);
        Assert.Contains("applicant-resident-id", draft.ToType);
        Assert.DoesNotContain("death-certificate-normal", draft.Services);

        var key = hub.Department("district-hexi");
        var typed = Typed(draft);
        typed.Remove("applicant-name");
        typed.Remove("applicant-resident-id");
        var before = await hub.EventCount();
        var missing = await hub.Host.Post(draft.SubmissionUrl, new SubmitDraft(true, typed, "13912345678"), key, 400);
        Assert.Contains("applicant", missing.Problem().Errors.Keys);
        Assert.Equal(before, await hub.EventCount());

        var son = new Applicant(ApplicantKinds.Person, ResidentId("12010319700101123"), "赵小龙", "13912345678");
        typed["relation-to-deceased"] = "子女";
        var accepted = (await hub.Host.Post(draft.SubmissionUrl, new SubmitDraft(true, typed, Applicant: son), key,
            201)).Read<ApplicationAccepted>();
        Assert.Contains("deceased-name", accepted.FilledByHub);
    }

    [Fact]
    public async Task an_old_certificate_pushed_late_or_one_for_a_parent_already_applying_opens_nothing()
    {
        var old = await BirthCertificate(HepingResident(), HepingResident("1987"), Number(), on: "2019-05-04");
        var applying = HepingResident();
        var form = new Dictionary<string, string>
        {
            ["newborn-name"] = "王小宝", ["newborn-sex"] = "女", ["newborn-birth-date"] = Today,
            ["mother-name"] = "李小红", ["mother-resident-id"] = applying, ["father-name"] = "王大力",
            ["father-resident-id"] = HepingResident("1986"), ["residential-address"] = "天津市和平区成都道8号",
            ["vaccination-unit"] = "和平区社区卫生服务中心", ["registration-household"] = "随母落户",
            ["household-address"] = "天津市和平区成都道8号", ["applicant-name"] = "李小红",
            ["contact-address"] = "天津市和平区成都道8号",
        };
        await hub.Host.Post("/api/applications", new SubmitApplication("newborn",
            new Applicant(ApplicantKinds.Person, applying, "李小红", "13912345678"), form), hub.Department(Heping), 201);
        var theirs = await BirthCertificate(applying, HepingResident("1986"), Number());
        var fresh = await BirthCertificate(HepingResident(), HepingResident("1985"), Number());

        // The licences are looked at in order; by the time the last one's draft is offered, the others were seen.
        await Offered(Heping, fresh.LicenceId, TimeSpan.FromSeconds(10));
        await Task.Delay(500);
        var all = (await hub.Host.Get("/api/drafts?limit=500", hub.Department(Heping))).Read<DraftList>().Items;
        Assert.DoesNotContain(all, d => d.OpenedBy.LicenceId == old.LicenceId);
        Assert.DoesNotContain(all, d => d.OpenedBy.LicenceId == theirs.LicenceId);
    }
}
