namespace OneThing.Contracts;

/// <summary>一表申请: one form for a One Thing, sent by a front office (a window or the portal).</summary>
public sealed record SubmitApplication(
    string OneThing,
    Applicant Applicant,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<string>? Services = null,
    string? Edition = null,
    ResultDelivery? Delivery = null,
    IReadOnlyDictionary<string, string>? Materials = null
);

/// <summary>
/// The one form as the hub would fill it (POST /api/applications/preview): every field of the chosen services with
/// its value and where the value comes from, and the required fields still to type. Nothing is stored.
/// </summary>
public sealed record ApplicationPreview(
    string OneThing,
    string Edition,
    IReadOnlyList<string> Services,
    IReadOnlyList<FormValue> Fields,
    IReadOnlyList<string> ToType,
    IReadOnlyList<SparedMaterial> MaterialsSpared
);

/// <summary>
/// One field of a form with its value and its source, so that a department can check it. A value the front office
/// typed over one the hub found is a correction: <see cref="Found"/> keeps what the hub found.
/// </summary>
public sealed record FormValue(
    string Code,
    string Label,
    string Type,
    bool Required,
    IReadOnlyList<string> UsedBy,
    string? Value = null,
    FieldSource? Source = null,
    string? Found = null
);

/// <summary>Where a form value comes from: the applicant, an e-licence, an exchange of shared data, or an earlier
/// service of the same application (the e-licence it produced).</summary>
public sealed record FieldSource(
    string Kind,
    string? LicenceType = null,
    string? LicenceId = null,
    string? Resource = null,
    string? ExchangeId = null,
    string? Service = null,
    string? Field = null
);

public static class FieldSourceKinds
{
    public const string Applicant = "applicant"; // typed by the applicant (at the window or on the portal)
    public const string Correction = "correction"; // typed over a value the hub found
    public const string Licence = "licence";
    public const string Exchange = "exchange";
    public const string Service = "service";
    public static readonly IReadOnlyList<string> All = [Applicant, Correction, Licence, Exchange, Service];
}

/// <summary>A person (resident ID number, GB 11643) or an enterprise (unified social credit code, GB 32100).</summary>
public sealed record Applicant(string Kind, string IdNumber, string Name, string? Phone = null);

public static class ApplicantKinds
{
    public const string Person = "person";
    public const string Enterprise = "enterprise";
}

/// <summary>出件方式: how the applicant receives the results.</summary>
public sealed record ResultDelivery(string Method, string? Address = null);

public static class DeliveryMethods
{
    public const string Window = "window";
    public const string Express = "express";
    public const string Electronic = "electronic";
    public static readonly IReadOnlyList<string> All = [Window, Express, Electronic];
}

public sealed record ApplicationAccepted(
    string ApplicationId,
    string Location,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> FilledByHub,
    IReadOnlyList<SparedMaterial> MaterialsSpared
);

/// <summary>A material the applicant did not have to bring, and what stood in for it.</summary>
public sealed record SparedMaterial(string Code, string Name, MaterialSource SuppliedBy);

/// <summary>What a responsible department reports on its service of an application.</summary>
public sealed record ServiceOutcome(
    string Outcome,
    string? Note = null,
    IReadOnlyList<string>? Reasons = null,
    IReadOnlyList<string>? Missing = null,
    IReadOnlyList<ServiceResultDocument>? Results = null
);

public static class Outcomes
{
    public const string Accepted = "accepted";
    public const string SupplementRequired = "supplement-required";
    public const string Completed = "completed";
    public const string Rejected = "rejected";
    public static readonly IReadOnlyList<string> All = [Accepted, SupplementRequired, Completed, Rejected];
}

/// <summary>A result of a completed service: a document or registration, or an e-licence (with its id and
/// type).</summary>
public sealed record ServiceResultDocument(
    string Name,
    string? Number = null,
    string? LicenceType = null,
    string? LicenceId = null
);

/// <summary>补正: what the applicant brought after a department asked for it.</summary>
public sealed record ProvideSupplement(string Service, IReadOnlyList<string> Items, string? Note = null);

/// <summary>好差评.</summary>
public sealed record RateApplication(int Score, string? Comment = null);

public sealed record ApplicationStatus(
    string ApplicationId,
    string OneThing,
    string Edition,
    string State,
    Applicant Applicant,
    string FrontOffice,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<ServiceStatus> Services,
    IReadOnlyList<SparedMaterial> MaterialsSpared,
    ResultDelivery Delivery,
    DateTimeOffset? FinishedAt = null,
    DateTimeOffset? ResultsDeliveredAt = null,
    int? Rating = null
);

/// <summary>One service of an application: its state, who holds it, since when, and the time left.</summary>
public sealed record ServiceStatus(
    string Code,
    string Name,
    string Department,
    string State,
    DateTimeOffset Since,
    int TimeLimitDays,
    DateTimeOffset? DueAt = null,
    double? WorkingDaysLeft = null,
    bool Overdue = false,
    IReadOnlyList<string>? WaitingFor = null,
    IReadOnlyList<string>? Reasons = null,
    IReadOnlyList<ServiceResultDocument>? Results = null,
    IReadOnlyList<UnitStatus>? Units = null,
    bool Escalated = false,
    bool? DeadlineProvisional = null
);

/// <summary>联办: one responsible unit's part of a joint service.</summary>
public sealed record UnitStatus(
    string Department,
    string State,
    DateTimeOffset Since,
    IReadOnlyList<string>? Reasons = null
);

public static class ServiceStates
{
    public const string Waiting = "waiting"; // prerequisites not done yet
    public const string Dispatched = "dispatched"; // sent to the department, not yet accepted
    public const string Accepted = "accepted";
    public const string Supplement = "supplement-required";
    public const string Completed = "completed";
    public const string Rejected = "rejected";
    public const string Withdrawn = "withdrawn"; // a prerequisite was rejected
}

/// <summary>An application's own state: in progress until every service is done, then how it ended.</summary>
public static class ApplicationStates
{
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string PartiallyCompleted = "partially-completed";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [InProgress, Completed, PartiallyCompleted, Rejected];
}
