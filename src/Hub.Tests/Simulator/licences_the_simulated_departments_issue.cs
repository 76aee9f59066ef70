extern alias sim;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Platform;
using sim::OneThing.Simulator;
using static OneThing.Hub.Tests.Simulator.SimulatorSeeds;

namespace OneThing.Hub.Tests.Simulator;

/// <summary>What the simulated issuers sign: the licences the population holds at start, and those a completed
/// service yields, with their values from the work item's form and from the registers, never made up where either
/// has one.</summary>
public sealed class licences_the_simulated_departments_issue
{
    private static readonly Schemas Schemas = new(Path.Combine(Repo.Root(), "schemas"));

    [Fact]
    public void the_licences_held_at_start_are_documents_the_hub_accepts_and_say_what_the_registers_say()
    {
        var people = Population();
        var documents = Holdings.Of(people, LicenceTypes, Today).ToList();
        Assert.True(documents.Count > people.People.Count, $"{documents.Count} licences");
        foreach (var d in documents)
        {
            var type = LicenceTypes[d.Type];
            Assert.Contains(d.Issuer, type.Issuers);
            Assert.Empty(Schemas.Validate("licence-document", d));
            Assert.Empty(d.Fields.Keys.Except(type.Fields.Select(f => f.Code)));
            Assert.True(d.Holder.IdType switch
            {
                "resident-id" => IdentityNumbers.IsResidentId(d.Holder.IdNumber)
                    && type.HolderIdType is "resident-id" or "resident-id-or-uscc",
                "uscc" => IdentityNumbers.IsUnifiedSocialCreditCode(d.Holder.IdNumber)
                    && type.HolderIdType is "uscc" or "resident-id-or-uscc",
                _ => false,
            }, $"{d.Type} {d.Holder.IdType} {d.Holder.IdNumber}");
            Assert.True(d.ValidUntil is null || DateOnly.Parse(d.ValidUntil) > Today, $"{d.Type} {d.Number} expired");
        }
        Assert.Equal(documents.Count, documents.Select(d => (d.Type, d.Number)).Distinct().Count());
        Assert.DoesNotContain(documents, d => d.Type is "birth-medical-certificate" or "death-medical-certificate");

        var cards = documents.Where(d => d.Type == "resident-id-card").ToDictionary(d => d.Holder.IdNumber);
        foreach (var p in people.People.Where(p => p.Alive && p.Age(Today) >= 16))
        {
            Assert.Equal(p.Name, cards[p.Id].Holder.Name);
            Assert.Equal(people.HouseholdOf(p)!.Address, cards[p.Id].Fields["address"]);
        }
        Assert.All(documents.Where(d => d.Type == "marriage-certificate"), d =>
            Assert.Equal(people.Person(d.Holder.IdNumber)!.Marriage!.SpouseId, d.Fields["spouse-id"]));
        Assert.All(documents.Where(d => d.Type == "business-licence"), d =>
            Assert.Equal(people.Enterprise(d.Holder.IdNumber)!.LegalRepresentativeName,
                d.Fields["legal-representative"]));
    }

    [Fact]
    public void a_birth_certificate_names_the_newborn_and_the_parents_of_the_form()
    {
        var people = Population();
        var (mother, father) = Couple(people);
        var form = new Dictionary<string, string>
        {
            ["newborn-name"] = "刘一诺",
            ["newborn-sex"] = "女",
            ["newborn-birth-date"] = "2026-06-10",
            ["mother-name"] = mother.Name,
            ["father-name"] = father.Name,
        };
        var (document, _) = Issue(people, "birth-medical-certificate", "health", people.Applicant(mother), form);

        Assert.Equal("刘一诺", document.Holder.Name);
        Assert.Equal("birth-certificate-number", document.Holder.IdType);
        Assert.Equal(document.Number, document.Holder.IdNumber);
        Assert.Equal("女", document.Fields["sex"]);
        Assert.Equal("2026-06-10", document.Fields["birth-date"]);
        Assert.Equal(mother.Name, document.Fields["mother-name"]);
        Assert.Equal(father.Name, document.Fields["father-name"]);
    }

    [Fact]
    public void household_registration_gives_the_newborn_a_new_number_in_the_parents_household_and_the_register()
    {
        var people = Population();
        var (mother, father) = Couple(people);
        var form = new Dictionary<string, string>
        {
            ["newborn-name"] = father.Name[..1] + "子墨",
            ["newborn-sex"] = "男",
            ["newborn-birth-date"] = "2026-06-08",
            ["registration-household"] = "随父落户",
        };
        var (document, registered) = Issue(people, "household-register-booklet", "public-security",
            people.Applicant(father), form);
        var household = people.HouseholdOf(father)!;

        var id = document.Holder.IdNumber;
        Assert.True(IdentityNumbers.IsResidentId(id), id);
        Assert.Equal(household.DistrictCode, id[..6]);
        Assert.Equal("20260608", id[6..14]);
        Assert.Equal(1, (id[16] - '0') % 2);
        Assert.Equal(household.Number, document.Fields["household-number"]);
        Assert.Equal(household.Address, document.Fields["household-address"]);
        Assert.Null(people.Person(id));

        registered();
        var record = Assert.Single(new Registers(people).Find("household-registration-record",
            new Dictionary<string, string> { ["residentId"] = id }, RecordSchema("household-registration-record"))!);
        Assert.Equal(form["newborn-name"], record.GetProperty("name").GetString());
        Assert.Equal(household.Address, record.GetProperty("householdAddress").GetString());
        Assert.Equal(people.Person(household.HouseholderId)!.Name, record.GetProperty("householderName").GetString());
        Assert.Empty(Errors("household-registration-record", record));
        Assert.Contains(id, people.Household(household.Number)!.Members);
        Assert.NotEqual(mother.Id, id);
    }

    [Fact]
    public void an_enterprise_registered_gets_a_new_credit_code_and_answers_from_the_register_from_then_on()
    {
        var people = Population();
        var founder = people.People.First(p => p.Alive && p.Age(Today) is > 30 and < 50);
        var form = new Dictionary<string, string>
        {
            ["enterprise-name"] = "天津市渤海昊天科技有限公司",
            ["legal-representative-name"] = founder.Name,
            ["legal-representative-resident-id"] = founder.Id,
            ["enterprise-type"] = "有限责任公司",
            ["registered-address"] = "天津市河西区友谊路20号",
            ["registered-capital"] = "100",
            ["business-scope"] = "技术开发",
        };
        var applicant = new Applicant(ApplicantKinds.Enterprise, Applications.ApplicationScenarios.CreditCode(),
            form["enterprise-name"]);
        var (document, registered) = Issue(people, "business-licence", "market-regulation", applicant, form);

        var uscc = document.Holder.IdNumber;
        Assert.True(IdentityNumbers.IsUnifiedSocialCreditCode(uscc), uscc);
        Assert.NotEqual(applicant.IdNumber, uscc);
        Assert.Equal("120103", uscc[2..8]);
        Assert.Equal(form["enterprise-name"], document.Holder.Name);
        Assert.Equal(founder.Name, document.Fields["legal-representative"]);
        Assert.Equal(form["registered-address"], document.Fields["domicile"]);
        Assert.Equal("100", document.Fields["registered-capital"]);
        Assert.Equal("有限责任公司", document.Fields["enterprise-type"]);

        registered();
        var record = Assert.Single(new Registers(people).Find("enterprise-registration-record",
            new Dictionary<string, string> { ["uscc"] = uscc }, RecordSchema("enterprise-registration-record"))!);
        Assert.Equal(founder.Id, record.GetProperty("legalRepresentativeId").GetString());
        Assert.Equal(100, record.GetProperty("registeredCapital").GetDecimal());
        Assert.Empty(Errors("enterprise-registration-record", record));
    }

    [Fact]
    public void a_death_certificate_takes_the_form_s_facts_and_the_registers_record_the_death()
    {
        var people = Population();
        var (wife, husband) = Couple(people);
        var form = new Dictionary<string, string>
        {
            ["deceased-name"] = husband.Name,
            ["deceased-resident-id"] = husband.Id,
            ["death-date"] = "2026-06-13",
            ["death-place"] = "天津市第一中心医院",
            ["relation-to-deceased"] = "配偶",
        };
        var (document, registered) = Issue(people, "death-medical-certificate", "health", people.Applicant(wife),
            form);
        Assert.Equal((husband.Name, husband.Id), (document.Holder.Name, document.Holder.IdNumber));
        Assert.Equal("2026-06-13", document.Fields["death-date"]);
        Assert.Equal("正常死亡", document.Fields["death-nature"]);

        registered();
        var registers = new Registers(people);
        var death = Assert.Single(registers.Find("death-information-record",
            new Dictionary<string, string> { ["residentId"] = husband.Id })!);
        Assert.Equal(document.Number, death.GetProperty("deathCertificateNumber").GetString());
        var household = Assert.Single(registers.Find("household-registration-record",
            new Dictionary<string, string> { ["residentId"] = husband.Id })!);
        Assert.Equal("注销", household.GetProperty("householdStatus").GetString());
    }

    [Fact]
    public void a_licence_with_nobody_the_work_item_names_is_not_issued()
    {
        var people = Population();
        var form = new Dictionary<string, string> { ["death-date"] = "2026-06-13" };
        var info = LicenceTypes["death-medical-certificate"];
        var work = Work(people.Applicant(people.People[0]), "death-certificate-normal", form);
        Assert.Null(new LicenceContent(people, info, "health", "天津市卫生健康委员会", work, form, Today,
            new Random(1)).Build());
    }

    private static (Person Wife, Person Husband) Couple(Population people)
    {
        var wife = people.People.First(p => p is { Alive: true, Sex: Sexes.Female, Marriage: not null }
            && people.Person(p.Marriage.SpouseId) is { Alive: true });
        return (wife, people.Person(wife.Marriage!.SpouseId)!);
    }

    private static (LicenceDocument, Action) Issue(Population people, string type, string department,
        Applicant applicant, Dictionary<string, string> form)
    {
        var built = new LicenceContent(people, LicenceTypes[type], department, "天津市" + department, Work(applicant,
            type, form), form, Today, new Random(5)).Build();
        Assert.NotNull(built);
        Assert.Empty(Schemas.Validate("licence-document", built.Value.Document));
        return built.Value;
    }

    private static WorkItem Work(Applicant applicant, string service, Dictionary<string, string> form) =>
        new("app-1", "newborn", "2022", service, service, applicant, form, [], 10, DateTimeOffset.UtcNow,
            "/api/applications/app-1/services/x/outcome");
}
