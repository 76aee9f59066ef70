namespace OneThing.Simulator;

/// <summary>One record of each register, in the field codes of seeds/resources.json. Amounts that the population
/// does not keep (balances, months of contributions) are worked out from the person's number, so they too are the
/// same at every query.</summary>
internal sealed class RegisterRecords(Population population, DateOnly today)
{
    private const string Residential = "国有建设用地使用权/房屋所有权";

    public Dictionary<string, object?> Household(Person p)
    {
        var household = population.HouseholdOf(p);
        return new()
        {
            ["residentId"] = p.Id,
            ["name"] = p.Name,
            ["sex"] = p.Sex,
            ["ethnicity"] = p.Ethnicity,
            ["birthDate"] = p.BirthDate,
            ["householdNumber"] = p.HouseholdNumber,
            ["householderName"] = population.Person(household?.HouseholderId)?.Name,
            ["relationToHouseholder"] = p.Relation,
            ["householdAddress"] = household?.Address,
            ["householdStatus"] = p.Alive ? "正常" : "注销",
            ["deregistrationReason"] = p.Alive ? null : "死亡",
            ["deregistrationDate"] = p.Death?.Date.AddDays(7),
        };
    }

    public Dictionary<string, object?> EnterpriseRegistration(Enterprise e) => new()
    {
        ["uscc"] = e.Uscc,
        ["enterpriseName"] = e.Name,
        ["enterpriseType"] = e.Type,
        ["legalRepresentative"] = e.LegalRepresentativeName,
        ["legalRepresentativeId"] = e.LegalRepresentativeId,
        ["registeredCapital"] = e.CapitalTenThousands,
        ["establishmentDate"] = e.Established,
        ["domicile"] = e.Domicile,
        ["businessScope"] = e.Scope,
        ["registrationStatus"] = e.Status,
    };

    public Dictionary<string, object?> Taxpayer(Enterprise e) => new()
    {
        ["uscc"] = e.Uscc,
        ["taxpayerName"] = e.Name,
        ["taxRegistrationStatus"] = e.Status is "注销" ? "注销" : "正常",
        ["hasUnsettledMatters"] = false,
    };

    public Dictionary<string, object?> SocialInsurance(Person p)
    {
        var pension = p.Pension!;
        var employer = population.Enterprise(p.Job?.EmployerUscc);
        var until = pension.Retired is { } retired && retired < today ? retired : p.Death?.Date ?? today;
        return new()
        {
            ["residentId"] = p.Id,
            ["name"] = p.Name,
            ["socialSecurityCardNumber"] = p.SocialSecurityCard,
            ["pensionInsuranceType"] = pension.Scheme,
            ["participationStatus"] = !p.Alive ? "终止参保"
                : pension.Retired is { } r && r <= today ? "待遇享受"
                : "参保缴费",
            ["employerName"] = employer?.Name,
            ["employerUscc"] = employer?.Uscc,
            ["contributionMonths"] = Math.Max(1, (until.DayNumber - pension.Since.DayNumber) / 30),
            ["retirementApprovedDate"] = pension.Retired is { } approved && approved <= today ? approved : null,
        };
    }

    public Dictionary<string, object?> MedicalInsurance(Person p)
    {
        var employee = p.Job is not null || p.Pension is { Scheme: "企业职工基本养老保险" };
        var retired = p.Pension?.Retired is { } r && r <= today;
        return new()
        {
            ["residentId"] = p.Id,
            ["name"] = p.Name,
            ["insuranceCategory"] = employee ? "职工基本医疗保险" : "城乡居民基本医疗保险",
            ["personnelType"] = employee ? (retired ? "退休" : "在职") : p.Age(today) < 18 ? "学生儿童" : "城乡居民",
            ["enrolmentStatus"] = p.Alive ? "参保缴费" : "终止参保",
            ["insuredRegion"] = $"天津市{District.ByCode(p.District)?.Name}",
            ["enrolmentDate"] = p.Job?.Since ?? p.Pension?.Since ?? p.BirthDate.AddDays(30),
            ["personalAccountBalance"] = employee ? Amount(p.Id, 200, 30_000) : null,
        };
    }

    public Dictionary<string, object?> HousingFund(Person p) => new()
    {
        ["residentId"] = p.Id,
        ["name"] = p.Name,
        ["accountNumber"] = p.HousingFundAccount,
        ["employerName"] = population.Enterprise(p.Job?.EmployerUscc)?.Name,
        ["accountStatus"] = !p.Alive ? "销户" : p.Job is not null ? "正常" : "封存",
        ["balance"] = Amount(p.Id + "fund", 1_000, 180_000),
        ["openedDate"] = p.Job?.Since ?? p.Pension?.Since,
    };

    public Dictionary<string, object?> Marriage(Person p) => new()
    {
        ["residentId"] = p.Id,
        ["name"] = p.Name,
        ["spouseResidentId"] = p.Marriage!.SpouseId,
        ["spouseName"] = p.Marriage.SpouseName,
        ["registrationType"] = "结婚登记",
        ["registrationDate"] = p.Marriage.Date,
        ["certificateNumber"] = p.Marriage.CertificateNumber,
        ["registrationAuthority"] = p.Marriage.Authority,
    };

    public Dictionary<string, object?> Disability(Person p)
    {
        var d = p.Disability!;
        var until = d.Issued.AddYears(10);
        return new()
        {
            ["residentId"] = p.Id,
            ["name"] = p.Name,
            ["certificateNumber"] = d.CertificateNumber(p.Id),
            ["disabilityCategory"] = d.Category,
            ["disabilityGrade"] = d.Grade,
            ["issueDate"] = d.Issued,
            ["validUntil"] = until,
            ["certificateStatus"] = !p.Alive ? "注销" : until < today ? "过期" : "有效",
        };
    }

    public Dictionary<string, object?> Death(Person p) => new()
    {
        ["residentId"] = p.Id,
        ["name"] = p.Name,
        ["deathDate"] = p.Death!.Date,
        ["deathPlace"] = p.Death.Place,
        ["deathCertificateNumber"] = p.Death.CertificateNumber,
        ["certificateIssuer"] = p.Death.Issuer,
        ["cremationDate"] = p.Death.Cremated,
        ["funeralHome"] = p.Death.FuneralHome,
    };

    public List<Dictionary<string, object?>> Taxes(string taxpayerId) => population.Taxes
        .Where(t => t.TaxpayerId == taxpayerId)
        .Select(t => new Dictionary<string, object?>
        {
            ["taxpayerId"] = t.TaxpayerId,
            ["taxpayerName"] = t.TaxpayerName,
            ["taxType"] = t.TaxType,
            ["taxAmount"] = t.Amount,
            ["paymentDate"] = t.Paid,
            ["voucherNumber"] = t.Voucher,
            ["realEstateUnitNumber"] = t.UnitNumber,
        })
        .ToList();

    public List<Dictionary<string, object?>> RealEstate(string ownerId) => population.PropertiesOf(ownerId)
        .Select(h => new Dictionary<string, object?>
        {
            ["realEstateUnitNumber"] = h.UnitNumber,
            ["certificateNumber"] = h.CertificateNumber,
            ["rightHolderName"] = h.OwnerName,
            ["rightHolderId"] = h.OwnerId,
            ["location"] = h.Location,
            ["rightType"] = Residential,
            ["usage"] = h.Usage,
            ["areaSqm"] = h.AreaSqm,
            ["registrationDate"] = h.Registered,
            ["encumbranceStatus"] = h.Encumbrance,
        })
        .ToList();

    public List<Dictionary<string, object?>> Contracts(string buyerId) => population.Contracts
        .Where(c => c.BuyerId == buyerId)
        .Select(c => new Dictionary<string, object?>
        {
            ["contractNumber"] = c.Number,
            ["location"] = c.Location,
            ["sellerName"] = c.SellerName,
            ["sellerId"] = c.SellerId,
            ["buyerName"] = c.BuyerName,
            ["buyerId"] = c.BuyerId,
            ["transactionPrice"] = c.Price,
            ["filingDate"] = c.Filed,
            ["filingStatus"] = "已备案",
        })
        .ToList();

    public Dictionary<string, object?> Veteran(Person p) => new()
    {
        ["residentId"] = p.Id,
        ["name"] = p.Name,
        ["veteranCategory"] = p.Veteran!.Category,
        ["enlistmentDate"] = p.Veteran.Enlisted,
        ["dischargeDate"] = p.Veteran.Discharged,
        ["placementMode"] = p.Veteran.Placement,
        ["reportedDate"] = p.Veteran.Reported,
        ["highestAward"] = p.Veteran.Award,
    };

    public Dictionary<string, object?> Martyr(Person p)
    {
        var kin = p.MartyrKin!;
        return new()
        {
            ["martyrName"] = population.Person(kin.MartyrId)?.Name,
            ["martyrCertificateNumber"] = kin.CertificateNumber,
            ["survivorResidentId"] = p.Id,
            ["survivorName"] = p.Name,
            ["relationToMartyr"] = kin.Relation,
            ["approvalDate"] = kin.Approved,
            ["sacrificeSystem"] = kin.System,
        };
    }

    public Dictionary<string, object?> Allowance(Person p) => new()
    {
        ["residentId"] = p.Id,
        ["name"] = p.Name,
        ["assistanceType"] = p.Allowance!.Type,
        ["householdSize"] = p.Allowance.HouseholdSize,
        // Tianjin's 2023 standard: 1,010 yuan a person a month; 1.5 times that for those in special care.
        ["monthlyAllowance"] = p.Allowance.HouseholdSize * (p.Allowance.Type == "特困供养人员" ? 1515m : 1010m),
        ["startDate"] = p.Allowance.Since,
        ["status"] = p.Alive ? "在保" : "停保",
    };

    public Dictionary<string, object?> Criminal(Person p) => new()
    {
        ["residentId"] = p.Id,
        ["name"] = p.Name,
        ["hasRecord"] = p.Conviction is not null,
        ["recordSummary"] = p.Conviction?.Summary,
        ["recordDate"] = p.Conviction?.Date,
    };

    private static decimal Amount(string key, int min, int max) => Stable.Amount(key, min, max);
}
