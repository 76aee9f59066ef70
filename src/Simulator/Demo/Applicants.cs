using System.Globalization;
using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>
/// Who comes to the window for a One Thing, from the population, and what they know that no register holds yet
/// (the facts of a birth, a death, a sale): a couple for a newborn, the widow of an old man for 身后一件事, a veteran
/// back from service, a parent of a martyr's child... The hints are typed only when the hub's preview asks for
/// them.
/// </summary>
public sealed class Applicants(Population population, Registers registers)
{
    public (Applicant Applicant, Dictionary<string, string> Hints) For(OneThingDefinition thing, Random r)
    {
        var today = population.Today;
        var people = population.People.Where(p => p.Alive).ToList();
        var adults = people.Where(p => p.Age(today) >= 18).ToList();
        var hints = new Dictionary<string, string>();
        Person? Pick(Func<Person, bool> fits) => people.Where(fits).OrderBy(_ => r.Next()).FirstOrDefault();

        if (thing.Audience == Audiences.Enterprise)
            return thing.Code == "enterprise-opening" ? Opening(r, adults) : Firm(thing, r, adults);

        Person? applicant = null;
        switch (thing.Code)
        {
            case "newborn":
                var mother = Pick(p => p is { Sex: Sexes.Female, Marriage: { } m } && p.Age(today) is >= 22 and <= 42
                    && population.Person(m.SpouseId) is { Alive: true });
                if (mother is null)
                    break;
                var father = population.Person(mother.Marriage!.SpouseId)!;
                applicant = r.Next(2) == 0 ? mother : father;
                var sex = r.Next(2) == 0 ? Sexes.Male : Sexes.Female;
                hints["newborn-name"] = father.Name[..1] + Names.Given(r, sex, today);
                hints["newborn-sex"] = sex;
                hints["newborn-birth-date"] = Day(today.AddDays(-r.Next(1, 20)));
                (hints["mother-name"], hints["mother-resident-id"]) = (mother.Name, mother.Id);
                (hints["father-name"], hints["father-resident-id"]) = (father.Name, father.Id);
                hints["registration-household"] = father.HouseholdNumber == mother.HouseholdNumber
                    || r.Next(2) == 0 ? "随父落户" : "随母落户";
                break;
            case "after-death":
                var deceased = Pick(p => p.Age(today) >= 70 && Kin(p) is not null);
                if (deceased is null)
                    break;
                (applicant, hints["relation-to-deceased"]) = Kin(deceased)!.Value;
                (hints["deceased-name"], hints["deceased-resident-id"]) = (deceased.Name, deceased.Id);
                hints["death-date"] = Day(today.AddDays(-r.Next(1, 4)));
                hints["death-place"] = r.Next(3) == 0 ? "家中" : "天津市第一中心医院";
                break;
            case "marriage-and-childbirth":
                applicant = Pick(p => p.Marriage is null && p.Age(today) is >= 22 and <= 45);
                var partner = applicant is null ? null
                    : Pick(p => p.Marriage is null && p.Sex != applicant.Sex && p.Age(today) is >= 22 and <= 45);
                if (partner is not null)
                    (hints["spouse-name"], hints["spouse-resident-id"]) = (partner.Name, partner.Id);
                break;
            case "military-retirement" or "gaokao-preferential":
                applicant = Pick(p => p.Veteran is { Reported: null }) ?? Pick(p => p.Veteran is not null);
                break;
            case "zhongkao-preferential":
                var candidate = Pick(p => p.MartyrKin is { Relation: "子女" } && p.Age(today) is >= 12 and <= 17)
                    ?? Pick(p => p.Age(today) is >= 13 and <= 16);
                applicant = candidate is null ? null : population.Members(population.HouseholdOf(candidate)!)
                    .FirstOrDefault(m => m.Alive && m.Age(today) >= 30);
                if (candidate is not null)
                    (hints["candidate-name"], hints["candidate-resident-id"]) = (candidate.Name, candidate.Id);
                break;
            case "employee-retirement":
                applicant = Pick(p => p.Job is not null && p.Age(today) >= (p.Sex == Sexes.Male ? 58 : 53));
                break;
            case "second-hand-home-transfer":
                var sale = population.Contracts.OrderBy(_ => r.Next()).FirstOrDefault();
                applicant = population.Person(sale?.SellerId);
                if (sale is not null)
                {
                    (hints["buyer-name"], hints["buyer-resident-id"]) = (sale.BuyerName, sale.BuyerId);
                    hints["transaction-price"] = sale.Price.ToString("0", CultureInfo.InvariantCulture);
                }
                break;
            case "disability-assistance":
                applicant = Pick(p => p.Disability is null && p.Age(today) >= 18);
                break;
            case "public-rental-housing":
                applicant = Pick(p => p.Allowance is not null && p.Age(today) >= 18);
                break;
        }
        applicant ??= adults[r.Next(adults.Count)];
        if (population.HouseholdOf(applicant) is { } household)
            hints.TryAdd("household-address", household.Address);
        return (population.Applicant(applicant), hints);
    }

    /// <summary>Who would apply after a death: the spouse, else the householder the deceased lived with.</summary>
    private (Person, string)? Kin(Person deceased)
    {
        if (population.Person(deceased.Marriage?.SpouseId) is { Alive: true } spouse)
            return (spouse, "配偶");
        var household = population.HouseholdOf(deceased);
        return deceased.Relation is "父" or "母" && population.Person(household?.HouseholderId) is { Alive: true } son
            ? (son, "子女")
            : null;
    }

    /// <summary>企业开办: a resident of the population opens an enterprise in their district; its name is reserved
    /// (名称自主申报) under a credit code of its own until the licence is issued.</summary>
    private (Applicant, Dictionary<string, string>) Opening(Random r, List<Person> adults)
    {
        var founder = adults.Where(p => p.Age(population.Today) is >= 24 and < 60).OrderBy(_ => r.Next()).First();
        var district = District.ByCode(founder.District)!;
        var (trade, scope, _) = Names.Trades[r.Next(Names.Trades.Count)];
        string Firm() => Names.FirmNames[r.Next(Names.FirmNames.Count)];
        var name = $"天津市{Firm()}{Firm()}{trade}有限公司";
        var hints = new Dictionary<string, string>
        {
            ["enterprise-name"] = name,
            ["legal-representative-name"] = founder.Name,
            ["legal-representative-resident-id"] = founder.Id,
            ["enterprise-type"] = "有限责任公司",
            ["registered-address"] = $"天津市{district.Name}{district.Streets[r.Next(district.Streets.Count)]}"
                + $"{r.Next(1, 300)}号",
            ["registered-capital"] = new[] { "10", "50", "100", "200" }[r.Next(4)],
            ["business-scope"] = scope,
            ["contact-phone"] = founder.Phone,
        };
        return (new Applicant(ApplicantKinds.Enterprise, population.NewUscc(district.Code), name, founder.Phone),
            hints);
    }

    private (Applicant, Dictionary<string, string>) Firm(OneThingDefinition thing, Random r, List<Person> adults)
    {
        var firms = population.Enterprises;
        var owning = firms.Where(e => registers.Has("real-estate-registration-record", e.Uscc)).ToList();
        var firm = thing.Code == "enterprise-real-estate-registration" && owning.Count > 0
            ? owning[r.Next(owning.Count)]
            : firms[r.Next(firms.Count)];
        var hints = new Dictionary<string, string>();
        var employee = adults.Where(p => p.Job is null && p.Age(population.Today) < 55).OrderBy(_ => r.Next())
            .FirstOrDefault();
        if (employee is not null)
            (hints["employee-name"], hints["employee-resident-id"]) = (employee.Name, employee.Id);
        if (population.PropertiesOf(firm.Uscc).FirstOrDefault() is { } home)
            hints["property-location"] = home.Location;
        hints["business-premises-address"] = firm.Domicile;
        return (population.Applicant(firm), hints);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");
}
