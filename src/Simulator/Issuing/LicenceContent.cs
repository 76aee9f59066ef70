using System.Globalization;
using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>
/// The licence a department issues for a work item, and what its own register records once it is issued. Every
/// value comes from the work item (its form and the fields the hub filled), from the population (the holder's
/// record), or from the registration itself (a newborn's new number, a new enterprise's credit code); a field with
/// none of these is left out rather than made up. Random choice stays only where the work item cannot say:
/// a disability grade the assessment sets, the cause of a death.
/// </summary>
public sealed partial class LicenceContent(
    Population population,
    LicenceTypeInfo info,
    string department,
    string authority,
    WorkItem work,
    IReadOnlyDictionary<string, string> values,
    DateOnly today,
    Random random
)
{
    /// <summary>The document to sign and what the registers record once the hub has it; null when this licence
    /// has no holder that the work item names.</summary>
    public (LicenceDocument Document, Action Registered)? Build()
    {
        var fields = new Dictionary<string, string?>();
        Action registered = () => { };
        var number = $"{info.TypeCode[^6..]}{today:yyyyMMdd}{population.NewNumber("", 9)}";
        var issuing = authority;
        DateOnly? validUntil = info.ValidityYears is { } years ? today.AddYears(years) : null;
        LicenceHolder? holder;
        switch (info.Code)
        {
            case "birth-medical-certificate" or "vaccination-certificate":
                holder = Newborn(fields);
                if (info.Code == "birth-medical-certificate")
                    number = holder.IdNumber;
                break;
            case "household-register-booklet":
                (holder, number, issuing, registered) = Booklet(fields);
                break;
            case "death-medical-certificate" or "cremation-certificate":
                (holder, registered) = Death(fields, number);
                break;
            case "business-licence":
                (holder, number, issuing, registered) = BusinessLicence(fields);
                break;
            case "marriage-certificate":
                (holder, number, issuing, registered) = MarriageCertificate(fields);
                break;
            case "real-estate-title-certificate":
                (holder, number, registered) = Title(fields);
                break;
            default:
                holder = Holder();
                if (holder is not null)
                    (validUntil, registered) = Personal(holder, fields, number, validUntil);
                break;
        }
        if (holder is null)
            return null;
        Defaults(holder, fields);
        var known = info.Fields.Select(f => f.Code).ToHashSet();
        var document = new LicenceDocument(info.Code, number, holder, department, issuing, Day(today),
            fields.Where(f => !string.IsNullOrWhiteSpace(f.Value) && known.Contains(f.Key))
                .ToDictionary(f => f.Key, f => f.Value!),
            ValidUntil: validUntil is { } until ? Day(until) : null);
        return (document, registered);
    }

    /// <summary>The newborn as a birth or vaccination certificate names them: by their birth certificate's
    /// number, a new one for the birth certificate itself.</summary>
    private LicenceHolder Newborn(Dictionary<string, string?> fields)
    {
        var (mother, father) = Parents();
        var name = V("newborn-name") ?? $"{(father ?? mother)?.Name[..1] ?? work.Applicant.Name[..1]}宝宝";
        // A vaccination certificate names the birth certificate the form gives; the birth certificate gets its own
        // new number (a letter and nine digits).
        var given = info.Code == "vaccination-certificate" ? V("birth-certificate-number") : null;
        var number = given is { Length: >= 6 and <= 32 } && given.All(char.IsAsciiLetterOrDigit)
            ? given
            : population.NewNumber("Q12", 7);
        var district = District.ByCode((mother ?? father ?? Applicant)?.District)
            ?? District.Of(V("household-address"));
        fields["sex"] = V("newborn-sex");
        fields["birth-date"] = V("newborn-birth-date") ?? Day(today);
        fields["birth-place"] = $"天津市{district?.Name}妇女儿童保健中心";
        fields["mother-name"] = V("mother-name") ?? mother?.Name;
        fields["father-name"] = V("father-name") ?? father?.Name;
        fields["mother-resident-id"] = V("mother-resident-id") ?? mother?.Id;
        fields["father-resident-id"] = V("father-resident-id") ?? father?.Id;
        fields["guardian-name"] = work.Applicant.Name;
        return new LicenceHolder(name, "birth-certificate-number", number);
    }

    /// <summary>出生登记 into the household the parents chose (随父 or 随母落户), under a new number of its district;
    /// any other booklet (恢复户口) is the applicant's page of their household.</summary>
    private (LicenceHolder?, string, string, Action) Booklet(Dictionary<string, string?> fields)
    {
        var (mother, father) = Parents();
        var via = V("registration-household") == "随母落户" ? mother ?? father : father ?? mother;
        via ??= Applicant;
        var newborn = V("newborn-name") is not null && info.HolderIdType == "resident-id";
        var household = (via is null ? null : population.HouseholdOf(via))
            ?? population.NewHousehold(District.Of(V("household-address") ?? V("settlement-address"))
                ?? District.Of(work.Applicant.IdNumber) ?? District.All[0],
                V("household-address") ?? V("settlement-address") ?? "天津市");
        var district = District.ByCode(household.DistrictCode)!;
        fields["household-number"] = household.Number;
        fields["household-type"] = "家庭户";
        fields["household-address"] = household.Address;
        var alive = population.Members(household).Count(m => m.Alive);
        if (!newborn)
        {
            if (Holder() is not { } holder)
                return (null, "", "", () => { });
            var page = household.Members.ToList().IndexOf(holder.IdNumber) is var i and >= 0 ? i + 1 : alive + 1;
            fields["member-count"] = alive.ToString();
            return (holder, $"{household.Number}-{page:00}", district.PoliceBureau, () => { });
        }
        var born = Date(V("newborn-birth-date")) ?? today;
        var sex = V("newborn-sex") == Sexes.Female ? Sexes.Female : Sexes.Male;
        var id = population.NewResidentId(household.DistrictCode, born, sex);
        var name = V("newborn-name")!;
        var relation = household.Members.Count == 0 ? "户主"
            : via is null || via.Id == household.HouseholderId ? (sex == Sexes.Male ? "子" : "女")
            : via.Relation is "子" or "女" ? (sex == Sexes.Male ? "孙子" : "孙女")
            : "其他";
        fields["member-count"] = (alive + 1).ToString();
        var ethnicity = father?.Ethnicity ?? mother?.Ethnicity ?? "汉";
        // The page is taken before the push: two newborns of one household pushed at once took the same page, and
        // the second push was refused as another holder's licence (the bench's concurrent applications).
        return (new LicenceHolder(name, "resident-id", id), $"{household.Number}-{population.NextPage(household):00}",
            district.PoliceBureau,
            () => population.Register(new Person(id, name, sex, ethnicity, born, household.Number, relation, "")));
    }

    private (LicenceHolder?, Action) Death(Dictionary<string, string?> fields, string number)
    {
        if (Concerned("deceased") is not { } holder)
            return (null, () => { });
        var died = Date(V("death-date")) ?? population.Person(holder.IdNumber)?.Death?.Date ?? today;
        fields["death-date"] = Day(died);
        if (info.Code == "cremation-certificate")
        {
            fields["cremation-date"] = Day(today);
            fields["funeral-home"] = V("funeral-home");
            return (holder, () => Died(holder.IdNumber, p => p with
            {
                Death = (p.Death ?? new Death(died, V("death-place") ?? "", "", authority)) with
                {
                    Cremated = today,
                    FuneralHome = V("funeral-home"),
                },
            }));
        }
        fields["death-place"] = V("death-place");
        // The cause is the physician's finding: nothing in the application says it.
        fields["death-cause"] = V("death-cause") ?? Causes[random.Next(Causes.Length)];
        fields["death-nature"] = department == "public-security" ? "非正常死亡" : "正常死亡";
        return (holder, () => Died(holder.IdNumber, p => p with
        {
            Death = new Death(died, V("death-place") ?? "", number, authority),
        }));
    }

    private static readonly string[] Causes = ["心脑血管疾病", "恶性肿瘤", "呼吸系统疾病", "衰老"];

    private void Died(string id, Func<Person, Person> change)
    {
        if (population.Person(id) is not null)
            population.Change(id, change);
    }

    private string? V(string code) => values.TryGetValue(code, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : null;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
