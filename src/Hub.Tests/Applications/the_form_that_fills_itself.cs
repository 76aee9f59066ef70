using System.Net;
using System.Text.Json;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Tests.Materials;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Licences;
using static OneThing.Hub.Tests.Applications.ApplicationScenarios;

namespace OneThing.Hub.Tests.Applications;

/// <summary>
/// 共享数据自动调用: a field the catalog fills from an e-licence, a shared record or an earlier service's licence is
/// filled by the hub, with its source, in the work item of each service that lists it, and only there. The
/// providers' side is played by the test through the providers' inboxes and the reply route, as a provider's
/// system would.
/// </summary>
public sealed class the_form_that_fills_itself(HubFixture hub)
{
    private static string NewResidentId() =>
        ResidentId(
            $"1201011990{Random.Shared.Next(1, 13):00}{Random.Shared.Next(1, 28):00}{Random.Shared.Next(100, 999)}");


    private static object Household(string id, string name) => new Dictionary<string, string>
    {
        ["residentId"] = id, ["name"] = name, ["householdNumber"] = "120101" + id[^6..],
        ["householdAddress"] = "天津市和平区南京路100号3门201", ["householdStatus"] = "正常",
    };

    private Task<LicencePushed> IdCard(string id, string name) => hub.Push(new LicenceDocument("resident-id-card",
        $"ID{Guid.NewGuid():N}"[..16], new LicenceHolder(name, "resident-id", id), "public-security", "天津市公安局和平分局",
        "2020-01-01", new Dictionary<string, string> { ["sex"] = "男", ["birth-date"] = "1990-01-01" },
        ValidUntil: "2040-01-01"));

    private static FormValue Field(WorkItem work, string code) =>
        Assert.Single(work.Fields!, f => f.Code == code);

    [Fact]
    public async Task a_newborn_is_applied_for_with_the_parents_identities_and_the_facts_of_the_birth_only()
    {
        var father = NewResidentId();
        var mother = NewResidentId();
        var card = await IdCard(father, "张大明");

        // Typed: what only the applicant knows (the facts of the birth, the parents, where to send things).
        var form = new Dictionary<string, string>
        {
            ["newborn-name"] = "张小宝", ["newborn-sex"] = "男", ["newborn-birth-date"] = "2026-11-20",
            ["mother-name"] = "李小红", ["mother-resident-id"] = mother, ["father-name"] = "张大明",
            ["father-resident-id"] = father, ["residential-address"] = "天津市和平区南京路100号",
            ["vaccination-unit"] = "和平区社区卫生服务中心", ["registration-household"] = "随父落户",
            ["contact-address"] = "天津市和平区南京路100号",
        };
        var applicant = new Applicant(ApplicantKinds.Person, father, "张大明", "13812345678");
        ApplicationAccepted accepted;
        // public-security's system answers the household query while the submission waits for it, and stops then:
        // its work item for this applicant comes later and is the test's to read.
        await using (hub.Answering("public-security", father, _ => [Household(father, "张大明")]))
            accepted = (await hub.Host.Post("/api/applications", new SubmitApplication("newborn", applicant, form),
                hub.Department(Window), 201)).Read<ApplicationAccepted>();
        var id = accepted.ApplicationId;
        Assert.Contains("household-address", accepted.FilledByHub);
        Assert.Contains("applicant-name", accepted.FilledByHub);

        // The birth certificate's work item: the applicant's name from the ID card, the facts as typed.
        var birth = (await hub.Inbox("health", id)).Single().Payload<WorkItem>();
        Assert.Equal(card.LicenceId, Field(birth, "applicant-name").Source!.LicenceId);
        Assert.Equal(FieldSourceKinds.Licence, Field(birth, "applicant-name").Source!.Kind);
        Assert.Equal(FieldSourceKinds.Applicant, Field(birth, "newborn-name").Source!.Kind);
        Assert.DoesNotContain("household-address", birth.Form.Keys);   // not a field of its guide

        var number = $"Q12{Random.Shared.Next(10000000, 99999999)}";
        var certificate = await hub.Push(new LicenceDocument("birth-medical-certificate", number,
            new LicenceHolder("张小宝", "birth-certificate-number", number), "health", "天津市妇产科医院", "2026-11-20",
            new Dictionary<string, string>
            {
                ["sex"] = "男", ["birth-date"] = "2026-11-20", ["mother-name"] = "李小红", ["father-name"] = "张大明",
                ["mother-resident-id"] = mother, ["father-resident-id"] = father,
            }));
        await hub.Outcome(id, "birth-medical-certificate", "health", new ServiceOutcome(Outcomes.Completed,
            Results: [new ServiceResultDocument("出生医学证明", number, "birth-medical-certificate",
                certificate.LicenceId)]));

        // Household registration: the newborn's facts from the certificate, the address from the household record.
        var household = (await hub.Inbox("public-security", id)).Single(m => m.Kind == MessageKinds.WorkItem)
            .Payload<WorkItem>();
        foreach (var (code, value) in new[]
                 {
                     ("newborn-name", "张小宝"), ("newborn-birth-date", "2026-11-20"), ("newborn-sex", "男"),
                     ("birth-certificate-number", number),
                 })
        {
            Assert.Equal(value, household.Form[code]);
            Assert.Equal(FieldSourceKinds.Service, Field(household, code).Source!.Kind);
            Assert.Equal(certificate.LicenceId, Field(household, code).Source!.LicenceId);
        }
        var address = Field(household, "household-address");
        Assert.Equal("天津市和平区南京路100号3门201", address.Value);
        Assert.Equal(FieldSourceKinds.Exchange, address.Source!.Kind);
        Assert.Equal("household-registration-record", address.Source.Resource);
        // Minimum necessary: the newborn's number is the medical insurance's (and the card's) field, not this one's.
        Assert.DoesNotContain(household.Fields!, f => f.Code == "newborn-resident-id");
        Assert.DoesNotContain("vaccination-unit", household.Form.Keys);

        // The exchange is a real one: the case's correlation, counted for the resource, handed over once.
        await using (var session = hub.Store.QuerySession())
        {
            var exchange = await session.LoadAsync<ExchangeView>(address.Source.ExchangeId!);
            Assert.Equal(ExchangeStates.Delivered, exchange!.State);
            Assert.Equal("government-services", exchange.Consumer);
            var correlation = (await session.Events.FetchStreamAsync(id)).First().CorrelationId;
            var requested = (await session.Events.FetchStreamAsync(exchange.Id)).First();
            Assert.Equal(correlation, requested.CorrelationId);
        }

        var newbornId = ResidentId($"120101{DateTime.UtcNow:yyyyMMdd}{Random.Shared.Next(100, 999)}");
        var booklet = await hub.Push(new LicenceDocument("household-register-booklet", $"HK{Guid.NewGuid():N}"[..14],
            new LicenceHolder("张小宝", "resident-id", newbornId), "public-security", "天津市公安局和平分局",
            "2026-11-25", new Dictionary<string, string> { ["household-address"] = "天津市和平区南京路100号3门201" }));
        await hub.Outcome(id, "vaccination-certificate", "health", new ServiceOutcome(Outcomes.Completed,
            Results: [new ServiceResultDocument("预防接种证", "V1")]));
        await hub.Outcome(id, "household-registration", "public-security", new ServiceOutcome(Outcomes.Completed,
            Results: [new ServiceResultDocument("居民户口簿", booklet.LicenceId, "household-register-booklet",
                booklet.LicenceId)]));

        var insurance = (await hub.Inbox("medical-security", id)).Single().Payload<WorkItem>();
        Assert.Equal(newbornId, insurance.Form["newborn-resident-id"]);
        Assert.Equal(booklet.LicenceId, Field(insurance, "newborn-resident-id").Source!.LicenceId);
        Assert.Equal("张小宝", insurance.Form["newborn-name"]);
        Assert.Equal("2026-11-20", insurance.Form["newborn-birth-date"]);
        Assert.Equal(FieldSourceKinds.Exchange, Field(insurance, "household-address").Source!.Kind);
        await hub.Outcome(id, "resident-medical-insurance-enrolment", "medical-security",
            new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("参保登记回执", "M1")]));
        var socialCard = (await hub.Inbox("human-resources-social-security", id)).Single().Payload<WorkItem>();
        Assert.Equal(newbornId, socialCard.Form["newborn-resident-id"]);
        Assert.Equal("张小宝", socialCard.Form["newborn-name"]);
    }

    [Fact]
    public async Task an_enterprise_s_registration_facts_fill_the_later_services_from_the_business_licence()
    {
        var accepted = await hub.Apply("enterprise-opening", Company(), ["enterprise-establishment-registration",
            "company-seal-engraving-filing", "invoice-collection"]);
        var id = accepted.ApplicationId;
        await hub.Inbox("market-regulation", id);
        var uscc = CreditCode($"9112010{Random.Shared.Next(1000000, 9999999)}MA05L"[..17]);
        var licence = await hub.Push(new LicenceDocument("business-licence", $"BL{Guid.NewGuid():N}"[..14],
            new LicenceHolder("天津市新开科技有限公司", "uscc", uscc), "market-regulation", "天津市市场监督管理委员会",
            "2026-11-25", new Dictionary<string, string> { ["legal-representative"] = "王一" }));
        await hub.Outcome(id, "enterprise-establishment-registration", "market-regulation",
            new ServiceOutcome(Outcomes.Completed, Results: [new ServiceResultDocument("营业执照", uscc,
                "business-licence", licence.LicenceId)]));
        foreach (var (department, service) in new[]
                 { ("public-security", "company-seal-engraving-filing"), ("tax", "invoice-collection") })
        {
            var work = (await hub.Inbox(department, id)).Single(m => m.Kind == MessageKinds.WorkItem)
                .Payload<WorkItem>();
            Assert.Equal(service, work.Service);
            Assert.Equal(uscc, work.Form["enterprise-uscc"]);
            Assert.Equal("天津市新开科技有限公司", work.Form["enterprise-name"]);
            Assert.Equal("王一", work.Form["legal-representative-name"]);
            Assert.All(new[] { "enterprise-uscc", "enterprise-name", "legal-representative-name" },
                code => Assert.Equal(licence.LicenceId, Field(work, code).Source!.LicenceId));
        }
    }

    [Fact]
    public async Task a_source_with_nothing_leaves_the_field_to_the_applicant_and_a_submission_without_it_is_refused()
    {
        var applicant = Person(NewResidentId());
        await using var provider = hub.Answering("public-security", applicant.IdNumber, _ => []);   // no record
        var form = await hub.FormFor("newborn");
        form.Remove("household-address");
        var request = new SubmitApplication("newborn", applicant, form);

        var preview = (await hub.Host.Post("/api/applications/preview", request, hub.Department(Window), 200))
            .Read<ApplicationPreview>();
        Assert.Contains("household-address", preview.ToType);
        Assert.Null(Assert.Single(preview.Fields, f => f.Code == "household-address").Value);

        var before = await Applications(applicant.IdNumber);
        var refused = (await hub.Host.Post("/api/applications", request, hub.Department(Window), 400))
            .Read<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Contains("form.household-address", refused.Errors.Keys);
        Assert.Equal(before, await Applications(applicant.IdNumber));
    }

    [Fact]
    public async Task once_the_grant_is_revoked_the_exchange_is_refused_and_the_field_is_the_applicant_s()
    {
        var applicant = Person(NewResidentId());
        await using var provider = hub.Answering("civil-affairs", applicant.IdNumber, q =>
        [new Dictionary<string, object>
        {
            ["residentId"] = applicant.IdNumber, ["name"] = applicant.Name, ["assistanceType"] = "最低生活保障对象",
            ["householdSize"] = 3, ["monthlyAllowance"] = 1010, ["startDate"] = "2025-01-01", ["status"] = "在保",
        }]);
        var services = new[] { "medical-assistance-needy" };
        var form = await hub.FormFor("disability-assistance", services);
        form.Remove("assistance-category");
        var request = new SubmitApplication("disability-assistance", applicant, form, services);

        var filled = (await hub.Host.Post("/api/applications/preview", request, hub.Department(Window), 200))
            .Read<ApplicationPreview>();
        var category = Assert.Single(filled.Fields, f => f.Code == "assistance-category");
        Assert.Equal("最低生活保障对象", category.Value);
        Assert.Equal(FieldSourceKinds.Exchange, category.Source!.Kind);

        var grant = CaseGrants.IdFor("disability-assistance", "minimum-living-allowance-record");
        await hub.Host.Post($"/api/share-requests/{grant}/grant/revocation", new RevokeGrant("test: revoked"),
            hub.Department("civil-affairs"), 202);
        var after = (await hub.Host.Post("/api/applications/preview", request, hub.Department(Window), 200))
            .Read<ApplicationPreview>();
        Assert.Contains("assistance-category", after.ToType);
        await using var session = hub.Store.QuerySession();
        Assert.True(await session.Events.QueryRawEventDataOnly<ExchangeRefused>()
            .AnyAsync(r => r.ShareRequest == grant && r.Consumer == "government-services"));
    }

    [Fact]
    public async Task an_upload_goes_with_the_work_item_that_lists_it_and_no_other_department_may_download_it()
    {
        var receipt = await hub.Uploaded(MaterialFiles.Pdf(Guid.NewGuid().ToString()), MaterialMediaTypes.Pdf);
        var services = new[] { "birth-medical-certificate", "household-registration" };
        var request = new SubmitApplication("newborn", Person(NewResidentId()), await hub.FormFor("newborn", services),
            services, Materials: new Dictionary<string, string> { ["birth-certificate-issuance-form"] =
                receipt.MaterialId });
        var id = (await hub.Host.Post("/api/applications", request, hub.Department(Window), 201))
            .Read<ApplicationAccepted>().ApplicationId;
        var birth = (await hub.Inbox("health", id)).Single().Payload<WorkItem>();
        Assert.Contains(birth.Materials, m => m.MaterialId == receipt.MaterialId);
        await Download(receipt.MaterialId, "health", 200);

        await hub.Outcome(id, "birth-medical-certificate", "health", new ServiceOutcome(Outcomes.Completed,
            Results: [new ServiceResultDocument("出生医学证明", "Q1")]));
        var household = (await hub.Inbox("public-security", id)).Single(m => m.Kind == MessageKinds.WorkItem)
            .Payload<WorkItem>();
        Assert.DoesNotContain(household.Materials, m => m.MaterialId == receipt.MaterialId);
        await Download(receipt.MaterialId, "public-security", 403);

        // A material under a code no chosen service lists is refused, and nothing is stored.
        var wrong = request with { Materials = new Dictionary<string, string> { ["id-photo"] = receipt.MaterialId } };
        var refused = (await hub.Host.Post("/api/applications", wrong, hub.Department(Window), 400))
            .Read<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Contains("materials.id-photo", refused.Errors.Keys);
    }

    private Task<Alba.IScenarioResult> Download(string material, string department, int status) =>
        hub.Host.Scenario(s =>
        {
            s.Get.Url($"/api/materials/{material}");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department(department)}");
            s.StatusCodeShouldBe(status);
        });

    private async Task<int> Applications(string idNumber)
    {
        await using var session = hub.Store.QuerySession();
        return (await session.QueryAsync<int>(
            "select count(*)::int from hub.mt_events where type = 'application_submitted' "
            + "and data->'applicant'->>'idNumber' = ?",
            idNumber)).Single();
    }
}
