using System.Globalization;
using OneThing.Contracts;

namespace OneThing.Simulator;

/// <summary>
/// The e-licences the population already holds when the simulator starts, as their issuers signed them: identity
/// cards, household booklets, driving licences and vehicle permits, marriage certificates, social security cards,
/// disability certificates, veterans' cards, business and food business licences, real-estate titles. Their numbers
/// come from the population (an identity card's is its holder's number), so a second start pushes the same numbers
/// and the hub answers that it holds them already. Birth and death certificates are never pushed here: in the hub
/// they open proactive drafts (免申即享), which only an event of the day should do.
/// </summary>
public static class Holdings
{
    public static IEnumerable<LicenceDocument> Of(
        Population population,
        IReadOnlyDictionary<string, LicenceTypeInfo> types,
        DateOnly today
    )
    {
        var documents = new List<LicenceDocument>();
        void Add(string type, string number, LicenceHolder holder, string authority, DateOnly issued,
            Dictionary<string, string?> fields, DateOnly? validUntil = null, string? issuer = null)
        {
            if (!types.TryGetValue(type, out var info))
                return;
            var known = info.Fields.Select(f => f.Code).ToHashSet();
            var until = validUntil ?? (info.ValidityYears is { } years ? issued.AddYears(years) : null);
            documents.Add(new LicenceDocument(type, number, holder, issuer ?? info.Issuers[0], authority,
                Day(issued), fields.Where(f => f.Value is not null && known.Contains(f.Key))
                    .ToDictionary(f => f.Key, f => f.Value!),
                ValidUntil: until is { } u ? Day(u) : null));
        }

        foreach (var p in population.People.Where(p => p.Alive))
        {
            var district = District.ByCode(p.District)!;
            var household = population.HouseholdOf(p);
            var holder = new LicenceHolder(p.Name, "resident-id", p.Id);
            var age = p.Age(today);
            if (age >= 16)
            {
                // Ten years' validity when issued under 26, twenty under 46, then for good (长期).
                var issued = Max(today.AddDays(-Stable.Int(p.Id + "card", 30, 3000)), p.BirthDate.AddYears(16));
                var atIssue = p.Age(issued);
                Add("resident-id-card", p.Id, holder, district.PoliceBureau, issued, new()
                {
                    ["sex"] = p.Sex,
                    ["ethnicity"] = p.Ethnicity,
                    ["birth-date"] = Day(p.BirthDate),
                    ["address"] = household?.Address,
                }, atIssue < 26 ? issued.AddYears(10) : atIssue < 46 ? issued.AddYears(20) : null);
            }
            if (household is not null && household.HouseholderId == p.Id)
                Add("household-register-booklet", household.Number, holder, district.PoliceBureau,
                    today.AddDays(-Stable.Int(household.Number, 30, 5000)), new()
                    {
                        ["household-number"] = household.Number,
                        ["household-type"] = "家庭户",
                        ["household-address"] = household.Address,
                        ["member-count"] = population.Members(household).Count(m => m.Alive).ToString(),
                    });
            if (p.Driving is { } driving)
                Add("driving-licence", p.Id, holder, "天津市公安局交通管理局", driving.Renewed, new()
                {
                    ["permitted-vehicle-class"] = driving.VehicleClass,
                    ["first-issue-date"] = Day(driving.FirstIssued),
                    ["file-number"] = driving.FileNumber,
                });
            if (p.Vehicle is { } car)
                Add("motor-vehicle-driving-permit", car.Plate, holder, "天津市公安局交通管理局", car.Registered, new()
                {
                    ["plate-number"] = car.Plate,
                    ["vehicle-type"] = car.Type,
                    ["vin"] = car.Vin,
                    ["approved-total-mass-kg"] = car.MassKg.ToString(),
                    ["inspection-valid-until"] = Day(today.AddDays(Stable.Int(car.Vin, 30, 700))),
                });
            if (p.Marriage is { } marriage)
                Add("marriage-certificate", marriage.CertificateNumber, holder, marriage.Authority, marriage.Date, new()
                {
                    ["registration-date"] = Day(marriage.Date),
                    ["spouse-name"] = marriage.SpouseName,
                    ["spouse-id"] = marriage.SpouseId,
                });
            if (p.SocialSecurityCard is { } card)
                Add("social-security-card", card, holder, "天津市人力资源和社会保障局",
                    today.AddDays(-Stable.Int(card, 30, 3000)), new()
                    {
                        ["social-security-number"] = p.Id,
                        ["card-bank"] = Stable.Of(card, Banks),
                        ["card-generation"] = "第三代",
                    });
            if (p.Disability is { } disability && disability.Issued.AddYears(10) > today)
                Add("disability-certificate", disability.CertificateNumber(p.Id), holder,
                    $"天津市{district.Name}残疾人联合会", disability.Issued, new()
                    {
                        ["disability-category"] = disability.Category,
                        ["disability-grade"] = disability.Grade,
                        ["guardian-name"] = disability.Guardian,
                    });
            if (p.Veteran is { Reported: { } reported } veteran)
                Add("veteran-preferential-card", veteran.CardNumber, holder, $"天津市{district.Name}退役军人事务局",
                    reported, new()
                    {
                        ["veteran-category"] = veteran.Category,
                        ["enlistment-date"] = Day(veteran.Enlisted),
                        ["discharge-date"] = Day(veteran.Discharged),
                    });
        }

        foreach (var e in population.Enterprises)
        {
            var district = District.ByCode(e.DistrictCode)!;
            var holder = new LicenceHolder(e.Name, "uscc", e.Uscc);
            var bureau = $"天津市{district.Name}市场监督管理局";
            Add("business-licence", e.Uscc, holder, bureau, e.Established, new()
            {
                ["enterprise-type"] = e.Type,
                ["legal-representative"] = e.LegalRepresentativeName,
                ["registered-capital"] = e.CapitalTenThousands.ToString("0.##", CultureInfo.InvariantCulture), // 万元
                ["establishment-date"] = Day(e.Established),
                ["domicile"] = e.Domicile,
            });
            if (e.SellsFood)
                Add("food-business-licence", $"JY1{e.DistrictCode}{Stable.Int(e.Uscc, 0, 10_000_000):0000000}", holder,
                    bureau, today.AddDays(-Stable.Int(e.Uscc + "food", 30, 1500)), new()
                    {
                        ["legal-representative"] = e.LegalRepresentativeName,
                        ["business-premises"] = e.Domicile,
                        ["main-business-format"] = e.Name.Contains("餐饮") ? "餐饮服务经营者" : "食品销售经营者",
                        ["business-items"] = e.Name.Contains("餐饮") ? "热食类食品制售;冷食类食品制售" : "预包装食品销售",
                    });
        }

        foreach (var home in population.Properties)
        {
            var person = population.Person(home.OwnerId);
            if (person is { Alive: false })
                continue;
            Add("real-estate-title-certificate", home.CertificateNumber,
                new LicenceHolder(home.OwnerName, person is null ? "uscc" : "resident-id", home.OwnerId),
                "天津市规划和自然资源局", home.Registered, new()
                {
                    ["real-estate-unit-number"] = home.UnitNumber,
                    ["location"] = home.Location,
                    ["right-type"] = "国有建设用地使用权/房屋所有权",
                    ["usage"] = home.Usage,
                    ["area-sqm"] = home.AreaSqm.ToString("0.00", CultureInfo.InvariantCulture),
                });
        }
        return documents;
    }

    public static readonly IReadOnlyList<string> Banks =
        ["中国工商银行天津市分行", "中国建设银行天津市分行", "中国银行天津市分行", "中国农业银行天津市分行", "天津银行"];

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
