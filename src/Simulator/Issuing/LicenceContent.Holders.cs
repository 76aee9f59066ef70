using System.Globalization;
using OneThing.Contracts;

namespace OneThing.Simulator;

public sealed partial class LicenceContent
{
    private Person? Applicant =>
        work.Applicant.Kind == ApplicantKinds.Person ? population.Person(work.Applicant.IdNumber) : null;

    /// <summary>设立登记: the enterprise is registered under a new credit code of its district and joins the
    /// population, so that its registration record answers from then on.</summary>
    private (LicenceHolder, string, string, Action) BusinessLicence(Dictionary<string, string?> fields)
    {
        var district = District.Of(V("registered-address")) ?? District.Of(work.Applicant.IdNumber)
            ?? District.All[0];
        var uscc = population.NewUscc(district.Code);
        var name = V("enterprise-name") ?? work.Applicant.Name;
        var type = V("enterprise-type") ?? "有限责任公司";
        fields["enterprise-type"] = type;
        fields["legal-representative"] = V("legal-representative-name");
        fields["registered-capital"] = V("registered-capital"); // 万元, as the population keeps it
        fields["establishment-date"] = Day(today);
        fields["domicile"] = V("registered-address");
        var enterprise = new Enterprise(uscc, name, type, V("legal-representative-resident-id") ?? "",
            V("legal-representative-name") ?? "", decimal.TryParse(V("registered-capital"), NumberStyles.Number,
                CultureInfo.InvariantCulture, out var capital) ? capital : 0, today, district.Code,
            V("registered-address") ?? $"天津市{district.Name}", V("business-scope") ?? "", "存续",
            V("contact-phone") ?? work.Applicant.Phone ?? "");
        return (new LicenceHolder(name, "uscc", uscc), uscc, $"天津市{district.Name}市场监督管理局",
            () => population.Register(enterprise));
    }

    private (LicenceHolder?, string, string, Action) MarriageCertificate(Dictionary<string, string?> fields)
    {
        if (Holder() is not { } holder)
            return (null, "", "", () => { });
        var district = District.Of(population.Person(holder.IdNumber)?.HouseholdNumber)
            ?? District.Of(holder.IdNumber) ?? District.All[0];
        var number = population.NewNumber($"J{district.Code}-{today.Year}-", 6);
        var (spouseName, spouseId) = (V("spouse-name"), V("spouse-resident-id"));
        fields["registration-date"] = Day(today);
        fields["spouse-name"] = spouseName;
        fields["spouse-id"] = spouseId;
        var bureau = district.CivilAffairsBureau;
        return (holder, number, bureau, () =>
        {
            if (population.Person(holder.IdNumber) is not null && spouseId is not null)
                population.Change(holder.IdNumber, p => p with
                {
                    Marriage = new Marriage(spouseId, spouseName ?? "", today, number, bureau),
                });
            if (population.Person(spouseId) is not null)
                population.Change(spouseId!, p => p with
                {
                    Marriage = new Marriage(holder.IdNumber, holder.Name, today,
                        population.NewNumber($"J{district.Code}-{today.Year}-", 6), bureau),
                });
        });
    }

    /// <summary>不动产权证书: the buyer's (or the applicant's) title to the unit at the form's location; a unit the
    /// register knows changes hands.</summary>
    private (LicenceHolder?, string, Action) Title(Dictionary<string, string?> fields)
    {
        if ((Concerned("buyer") ?? Holder()) is not { } holder)
            return (null, "", () => { });
        var location = V("property-location");
        var sold = population.Contracts.FirstOrDefault(c => c.Number == V("contract-number"));
        var home = population.Properties.FirstOrDefault(p => p.Location == location)
            ?? population.Properties.FirstOrDefault(p => p.UnitNumber == sold?.UnitNumber);
        var district = District.Of(home?.Location ?? location) ?? District.All[0];
        var number = population.NewNumber($"津({today.Year}){district.Name}不动产权第", 7) + "号";
        fields["real-estate-unit-number"] = home?.UnitNumber;
        fields["location"] = location ?? home?.Location;
        fields["right-type"] = "国有建设用地使用权/房屋所有权";
        fields["usage"] = home?.Usage ?? "住宅";
        fields["area-sqm"] = home?.AreaSqm.ToString("0.00", CultureInfo.InvariantCulture);
        return (holder, number, () =>
        {
            if (home is not null)
                population.Transfer(home, holder.IdNumber, holder.Name, number, today);
        });
    }

    /// <summary>Licences of a person or an enterprise that record something about them (an identity card, a
    /// social security card, a disability certificate...); the register takes note where it keeps it.</summary>
    private (DateOnly?, Action) Personal(LicenceHolder holder, Dictionary<string, string?> fields, string number,
        DateOnly? validUntil)
    {
        var person = population.Person(holder.IdNumber);
        void Change(Func<Person, Person> change)
        {
            if (person is not null)
                population.Change(person.Id, change);
        }
        switch (info.Code)
        {
            case "resident-id-card":
                var born = person?.BirthDate ?? Date($"{holder.IdNumber[6..10]}-{holder.IdNumber[10..12]}-"
                    + holder.IdNumber[12..14]);
                fields["sex"] = person?.Sex ?? ((holder.IdNumber[16] - '0') % 2 == 1 ? Sexes.Male : Sexes.Female);
                fields["ethnicity"] = person?.Ethnicity ?? V("ethnicity") ?? "汉";
                fields["birth-date"] = born is { } b ? Day(b) : null;
                fields["address"] = V("household-address")
                    ?? (person is null ? null : population.HouseholdOf(person)?.Address) ?? V("contact-address");
                var age = born is { } d ? today.Year - d.Year : 30;
                return (age < 26 ? today.AddYears(10) : age < 46 ? today.AddYears(20) : null, () => { });
            case "social-security-card":
                fields["social-security-number"] = holder.IdNumber;
                fields["card-bank"] = Stable.Of(holder.IdNumber, Holdings.Banks);
                fields["card-generation"] = "第三代";
                return (validUntil, () => Change(p => p with { SocialSecurityCard = p.SocialSecurityCard ?? number }));
            case "employment-certificate":
                var employer = work.Applicant.Kind == ApplicantKinds.Enterprise ? work.Applicant : null;
                var since = Date(V("employment-start-date")) ?? today;
                fields["employment-status"] = V("employment-type") ?? "单位就业";
                fields["employer-name"] = employer?.Name
                    ?? population.Enterprise(person?.Job?.EmployerUscc)?.Name;
                fields["registration-date"] = Day(since);
                return (validUntil, () =>
                {
                    if (employer is not null && population.Enterprise(employer.IdNumber) is not null)
                        Change(p => p with { Job = new Job(employer.IdNumber, since) });
                });
            case "disability-certificate":
                // The grade is the assessment's finding; the form says the category only.
                var category = V("disability-category") ?? Disability.Categories[random.Next(7)];
                var grade = V("disability-grade") ?? Disability.Grades[random.Next(4)];
                fields["disability-category"] = category;
                fields["disability-grade"] = grade;
                fields["guardian-name"] = V("guardian-name");
                return (validUntil, () => Change(p => p with
                {
                    Disability = new Disability(category, grade, today, V("guardian-name")),
                }));
            default:
                return (validUntil, () => { });
        }
    }

    /// <summary>Whose licence it is: the person the work item is about (a newborn or an employee, by the form's
    /// number), else the applicant, when the type is for their kind.</summary>
    private LicenceHolder? Holder()
    {
        var person = info.Code is "social-security-card" or "employment-certificate"
            ? Concerned("newborn") ?? Concerned("employee")
            : null;
        if (person is not null)
            return person;
        var a = work.Applicant;
        return (info.HolderIdType, a.Kind) switch
        {
            ("resident-id" or "resident-id-or-uscc", ApplicantKinds.Person) => new LicenceHolder(a.Name, "resident-id",
                a.IdNumber),
            ("uscc" or "resident-id-or-uscc", ApplicantKinds.Enterprise) => new LicenceHolder(a.Name, "uscc",
                a.IdNumber),
            _ => null,
        };
    }

    /// <summary>The person the form names under <paramref name="role"/> (<c>deceased-name</c>,
    /// <c>deceased-resident-id</c>...). A newborn whose number the form lacks is found in the register by name, in
    /// the household of a parent.</summary>
    private LicenceHolder? Concerned(string role)
    {
        var id = V($"{role}-resident-id");
        var name = V($"{role}-name") ?? population.Person(id)?.Name;
        if (IdentityNumbers.IsResidentId(id) && name is not null)
            return new LicenceHolder(name, "resident-id", id!);
        if (role != "newborn" || name is null)
            return null;
        var (mother, father) = Parents();
        var households = new[] { mother, father, Applicant }.OfType<Person>().Select(p => p.HouseholdNumber);
        var newborn = population.People.LastOrDefault(p =>
            p.Name == name && households.Contains(p.HouseholdNumber) && p.BirthDate > today.AddYears(-1));
        return newborn is null ? null : new LicenceHolder(newborn.Name, "resident-id", newborn.Id);
    }

    /// <summary>The newborn's parents: by the numbers the form gives, else the applicant and their spouse.</summary>
    private (Person? Mother, Person? Father) Parents()
    {
        var applicant = Applicant;
        var spouse = population.Person(applicant?.Marriage?.SpouseId);
        var couple = new[] { applicant, spouse }.OfType<Person>().ToList();
        return (population.Person(V("mother-resident-id")) ?? couple.FirstOrDefault(p => p.Sex == Sexes.Female),
            population.Person(V("father-resident-id")) ?? couple.FirstOrDefault(p => p.Sex == Sexes.Male));
    }

    /// <summary>What is left: a field of the form by the licence field's own code or its usual name on forms, then
    /// what goes without saying for the type (a fire inspection that passed, a plate's route).</summary>
    private void Defaults(LicenceHolder holder, Dictionary<string, string?> fields)
    {
        foreach (var field in info.Fields.Where(f => fields.GetValueOrDefault(f.Code) is null))
        {
            var value = V(field.Code) ?? (Aliases.TryGetValue(field.Code, out var alias) ? V(alias) : null);
            value ??= field.Code switch
            {
                "inspection-conclusion" => "合格",
                "venue-name" => holder.Name,
                "business-items" => "预包装食品销售",
                "cargo-name" => "大型设备",
                "household-type" => "家庭户",
                _ => null,
            };
            fields[field.Code] = value;
        }
    }

    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["legal-representative"] = "legal-representative-name",
        ["domicile"] = "registered-address",
        ["business-premises"] = "business-premises-address",
        ["venue-address"] = "business-premises-address",
        ["plate-number"] = "vehicle-plate-number",
        ["route"] = "transport-route",
        ["spouse-id"] = "spouse-resident-id",
        ["location"] = "property-location",
        ["employer-name"] = "enterprise-name",
    };
}
