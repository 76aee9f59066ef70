namespace OneThing.Contracts;

/// <summary>A unit in the registry: a city department, a district's government service office, the coordinating office,
/// ...</summary>
public sealed record Department(
    string Code,
    string Name,
    string FullName,
    string Kind,
    string Level,
    string? District = null,
    string? DivisionCode = null
);

public static class DepartmentKinds
{
    public const string CityDepartment = "city-department";
    public const string CoordinatingOffice = "coordinating-office";
    public const string BigDataCentre = "big-data-centre";
    public const string CyberspaceOffice = "cyberspace-office";
    public const string DistrictOffice = "district-office";
    public const string PublicEnterprise = "public-enterprise";
    public const string Military = "military";

    public static readonly IReadOnlyList<string> All =
    [
        CityDepartment,
        CoordinatingOffice,
        BigDataCentre,
        CyberspaceOffice,
        DistrictOffice,
        PublicEnterprise,
        Military,
    ];
}

/// <summary>The coordinating office corrects a unit's entry: its names, district and division code. Its code, kind and
/// level stay: a unit that becomes another kind of unit is registered anew.</summary>
public sealed record UpdateDepartment(
    string Name,
    string FullName,
    string? District = null,
    string? DivisionCode = null
);

public sealed record DepartmentRegistry(IReadOnlyList<Department> Departments);

/// <summary>Asks for a key for a department system or an officer of that unit.</summary>
public sealed record IssueApiKey(string Role = Roles.Department, string? Label = null);

/// <summary>The key itself is in this answer only; the hub keeps a hash of it.</summary>
public sealed record IssuedApiKey(
    string KeyId,
    string Key,
    string Department,
    string Role,
    string? Label,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpiresAt = null
);

/// <summary>Opens a one-time enrolment: the unit's own system redeems its code for a key the opener never sees.
/// A null role asks for a department key when the coordinator opens it and a governance key when a governance
/// officer does.</summary>
public sealed record OpenEnrolment(string? Role = null, string? Label = null, int? ValidDays = null);

/// <summary>The enrolment code is in this answer only; it is redeemed once, before it expires.</summary>
public sealed record EnrolmentCode(
    string EnrolmentId,
    string Code,
    string Department,
    string Role,
    DateTimeOffset ExpiresAt,
    bool AwaitsApproval
);

/// <summary>The department's own system trades its enrolment code for its API key.</summary>
public sealed record RedeemEnrolment(string Code);

/// <summary>A key holder replaces its own key; the old one keeps working for the overlap, then stops.</summary>
public sealed record RotateApiKey(int? OverlapHours = null, string? Label = null);

/// <summary>A key as its department's list shows it: never the secret, nor its hash.</summary>
public sealed record ApiKeyInfo(
    string KeyId,
    string Department,
    string Role,
    string? Label,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt = null,
    string? ReplacedBy = null
);

/// <summary>The four roles of the hub's API.</summary>
public static class Roles
{
    public const string Department = "department";
    public const string Coordinator = "coordinator";
    public const string Governance = "governance";
    public const string DataCentre = "datacentre";

    public static readonly IReadOnlyList<string> All = [Department, Coordinator, Governance, DataCentre];
}

public sealed record RevokeApiKey(string Reason);
