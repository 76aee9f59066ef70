namespace OneThing.Simulator;

/// <summary>
/// A resident of the made-up population, with what the departments' registers hold about them. The facets are
/// null where a register has nothing (no marriage, no job, no veteran's record...). Immutable: a change (a death,
/// a marriage) replaces the person in <see cref="Population"/>.
/// </summary>
public sealed record Person(
    string Id,
    string Name,
    string Sex,
    string Ethnicity,
    DateOnly BirthDate,
    string HouseholdNumber,
    string Relation,
    string Phone
)
{
    public Marriage? Marriage { get; init; }
    public Job? Job { get; init; }
    public Pension? Pension { get; init; }
    public string? SocialSecurityCard { get; init; }
    public string? HousingFundAccount { get; init; }
    public Veteran? Veteran { get; init; }
    public Disability? Disability { get; init; }
    public Allowance? Allowance { get; init; }
    public MartyrKin? MartyrKin { get; init; }
    public Driving? Driving { get; init; }
    public Vehicle? Vehicle { get; init; }
    public Conviction? Conviction { get; init; }
    public Death? Death { get; init; }

    public bool Alive => Death is null;
    public string District => Id[..6];

    public int Age(DateOnly today) =>
        today.Year - BirthDate.Year - (today < BirthDate.AddYears(today.Year - BirthDate.Year) ? 1 : 0);
}

/// <summary>Registered married; each spouse holds a certificate of their own number.</summary>
public sealed record Marriage(
    string SpouseId,
    string SpouseName,
    DateOnly Date,
    string CertificateNumber,
    string Authority
);

public sealed record Job(string EmployerUscc, DateOnly Since);

/// <summary>The pension scheme a person is in; <see cref="Retired"/> once they draw it.</summary>
public sealed record Pension(string Scheme, DateOnly Since, DateOnly? Retired = null);

public sealed record Veteran(
    string Category,
    DateOnly Enlisted,
    DateOnly Discharged,
    string Placement,
    DateOnly? Reported,
    string CardNumber,
    string? Award = null
);

public sealed record Disability(string Category, string Grade, DateOnly Issued, string? Guardian = null)
{
    public static readonly IReadOnlyList<string> Categories =
        ["视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"];
    public static readonly IReadOnlyList<string> Grades = ["一级", "二级", "三级", "四级"];

    /// <summary>残疾人证号: the holder's number, then the category's and the grade's digits.</summary>
    public string CertificateNumber(string holderId) =>
        $"{holderId}{Categories.ToList().IndexOf(Category) + 1}{Grades.ToList().IndexOf(Grade) + 1}";
}

public sealed record Allowance(string Type, DateOnly Since, int HouseholdSize);

/// <summary>A survivor of a martyr (烈士遗属): the martyr is a (deceased) person of the population.</summary>
public sealed record MartyrKin(
    string MartyrId,
    string Relation,
    string CertificateNumber,
    DateOnly Approved,
    string System
);

public sealed record Driving(string VehicleClass, DateOnly FirstIssued, DateOnly Renewed, string FileNumber);

public sealed record Vehicle(string Plate, string Vin, string Type, int MassKg, DateOnly Registered);

public sealed record Conviction(string Summary, DateOnly Date);

public sealed record Death(
    DateOnly Date,
    string Place,
    string CertificateNumber,
    string Issuer,
    DateOnly? Cremated = null,
    string? FuneralHome = null
);

/// <summary>户: its number, district, address and members (the householder first).</summary>
public sealed record Household(
    string Number,
    string DistrictCode,
    string Address,
    string HouseholderId,
    IReadOnlyList<string> Members
);

public sealed record Enterprise(
    string Uscc,
    string Name,
    string Type,
    string LegalRepresentativeId,
    string LegalRepresentativeName,
    decimal CapitalTenThousands,
    DateOnly Established,
    string DistrictCode,
    string Domicile,
    string Scope,
    string Status,
    string Phone,
    bool SellsFood = false
);

/// <summary>不动产: a unit with its title certificate and its owner (a person or an enterprise).</summary>
public sealed record Property(
    string UnitNumber,
    string CertificateNumber,
    string OwnerId,
    string OwnerName,
    string Location,
    string Usage,
    decimal AreaSqm,
    DateOnly Registered,
    string Encumbrance
);

/// <summary>存量房买卖合同: filed online, not yet transferred.</summary>
public sealed record HousingContract(
    string Number,
    string UnitNumber,
    string Location,
    string SellerId,
    string SellerName,
    string BuyerId,
    string BuyerName,
    decimal Price,
    DateOnly Filed
);

public sealed record TaxPayment(
    string TaxpayerId,
    string TaxpayerName,
    string TaxType,
    decimal Amount,
    DateOnly Paid,
    string Voucher,
    string? UnitNumber = null
);
