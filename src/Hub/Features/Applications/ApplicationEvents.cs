namespace OneThing.Hub.Features.Applications;

// The facts of one application's life. Its stream key is the application id (a GUID v7). The type names are stored
// with every event: never rename them. The records they hold are the hub's own, of the same JSON as the contracts
// they were once, so that a change to a public contract never changes what is stored.

/// <summary>
/// A service as the application plans it. <see cref="Fields"/> are the fields of its own guide (minimum necessary:
/// its work item carries only these); <see cref="Attached"/> the materials the hub attaches to its work item at the
/// submission (uploads, e-licences, exchanges). Applications submitted before round 2 have neither: their work items
/// carry the whole form.
/// </summary>
public sealed record PlannedService(
    string Code,
    string Name,
    string Department,
    IReadOnlyList<string> Prerequisites,
    int TimeLimitDays,
    IReadOnlyList<PlannedField>? Fields = null,
    IReadOnlyList<CaseMaterial>? Attached = null,
    IReadOnlyList<string>? Units = null,
    string? JointWork = null)
{
    /// <summary>联办: every responsible unit does its part; one unit alone when the service has one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> AllUnits => Units is { Count: > 0 } units ? units : [Department];

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsJoint => AllUnits.Count > 1;
}

/// <summary>A field of a service's form; <see cref="FromServices"/>: the earlier chosen services whose e-licence
/// (of <see cref="Licence"/>) fills it when one is done, read at <see cref="LicenceField"/>.</summary>
public sealed record PlannedField(
    string Code,
    string Label,
    string Type,
    bool Required,
    IReadOnlyList<string>? FromServices = null,
    string? Licence = null,
    string? LicenceField = null);

/// <summary>A form value and where it came from, as <see cref="OneThing.Contracts.FormValue"/> and
/// <see cref="OneThing.Contracts.FieldSource"/>; <see cref="Found"/> is what the hub found under a correction.
/// </summary>
public sealed record CaseFormValue(
    string Code,
    string Value,
    string Kind,
    string? LicenceType = null,
    string? LicenceId = null,
    string? Resource = null,
    string? ExchangeId = null,
    string? Service = null,
    string? Field = null,
    string? Found = null);

/// <summary>The applicant as stored, as <see cref="OneThing.Contracts.Applicant"/>.</summary>
public sealed record CaseApplicant(string Kind, string IdNumber, string Name, string? Phone = null);

/// <summary>How the applicant receives the results, as <see cref="OneThing.Contracts.ResultDelivery"/>.</summary>
public sealed record CaseDelivery(string Method, string? Address = null);

/// <summary>What stood in for a material, as <see cref="OneThing.Contracts.MaterialSource"/>.</summary>
public sealed record CaseMaterialSource(
    string? LicenceType = null,
    string? Resource = null,
    string? FromService = null);

/// <summary>A material the applicant was spared, as <see cref="OneThing.Contracts.SparedMaterial"/>.</summary>
public sealed record CaseSparedMaterial(string Code, string Name, CaseMaterialSource SuppliedBy);

/// <summary>A result of a service, as <see cref="OneThing.Contracts.ServiceResultDocument"/>.</summary>
public sealed record CaseDocument(
    string Name,
    string? Number = null,
    string? LicenceType = null,
    string? LicenceId = null);

/// <summary>A material sent with the work, as <see cref="OneThing.Contracts.WorkMaterial"/>.</summary>
public sealed record CaseMaterial(
    string Code,
    string Name,
    string Source,
    CaseDocument? Document = null,
    string? MaterialId = null,
    string? ExchangeId = null);

public sealed record ApplicationSubmitted(
    string ApplicationId,
    string OneThing,
    string Edition,
    string FrontOffice,
    CaseApplicant Applicant,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<string> FilledByHub,
    IReadOnlyList<PlannedService> Services,
    IReadOnlyList<CaseSparedMaterial> MaterialsSpared,
    CaseDelivery Delivery,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<CaseFormValue>? Values = null);

/// <summary>A service completed with an e-licence that later services' forms read: the fields they read, so that
/// their work items are filled from it (and nothing else of the licence is copied).</summary>
public sealed record ServiceLicenceRead(
    string ApplicationId,
    string Service,
    string LicenceId,
    string LicenceType,
    IReadOnlyDictionary<string, string> Fields,
    DateTimeOffset ReadAt);

public sealed record ServiceDispatched(
    string ApplicationId,
    string Service,
    string Department,
    Guid MessageId,
    IReadOnlyList<CaseMaterial> Materials,
    DateTimeOffset DueAt,
    DateTimeOffset DispatchedAt);

public sealed record ServiceAccepted(
    string ApplicationId,
    string Service,
    string AcceptedBy,
    DateTimeOffset AcceptedAt,
    string? Department = null);

public sealed record SupplementRequested(
    string ApplicationId,
    string Service,
    IReadOnlyList<string> Missing,
    string? Note,
    double WorkingDaysLeft,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string? Department = null);

/// <summary>联办: one unit of a joint service has done its part; the service completes with the last unit's part.
/// </summary>
public sealed record UnitCompleted(
    string ApplicationId,
    string Service,
    string Department,
    IReadOnlyList<CaseDocument> Results,
    string? Note,
    string CompletedBy,
    DateTimeOffset CompletedAt);

/// <summary>监管: an overdue service was escalated to the One Thing's lead units and the coordinating office.
/// </summary>
public sealed record ServiceEscalated(
    string ApplicationId,
    string Service,
    string Department,
    IReadOnlyList<string> EscalatedTo,
    DateTimeOffset DueAt,
    DateTimeOffset EscalatedAt);

public sealed record SupplementProvided(
    string ApplicationId,
    string Service,
    IReadOnlyList<string> Items,
    string? Note,
    DateTimeOffset DueAt,
    string ProvidedBy,
    DateTimeOffset ProvidedAt);

/// <summary>A service done: <see cref="Hours"/> from dispatch, and whether it kept its committed time limit.</summary>
public sealed record ServiceCompleted(
    string ApplicationId,
    string Service,
    string Department,
    IReadOnlyList<CaseDocument> Results,
    string? Note,
    double Hours,
    bool WithinLimit,
    string CompletedBy,
    DateTimeOffset CompletedAt);

public sealed record ServiceRejected(
    string ApplicationId,
    string Service,
    string Department,
    IReadOnlyList<string> Reasons,
    double Hours,
    string RejectedBy,
    DateTimeOffset RejectedAt);

public sealed record ServiceWithdrawn(string ApplicationId, string Service, string Reason, DateTimeOffset WithdrawnAt);

public sealed record ServiceOverdue(
    string ApplicationId,
    string Service,
    string Department,
    DateTimeOffset DueAt,
    DateTimeOffset NoticedAt);

public sealed record ApplicationFinished(
    string ApplicationId,
    string OneThing,
    string FrontOffice,
    string State,
    int Completed,
    int Rejected,
    double Hours,
    DateTimeOffset FinishedAt);

/// <summary>出件: the results went to the front office's channel, once, for the applicant's chosen delivery.</summary>
public sealed record ApplicationResultsDelivered(
    string ApplicationId,
    string FrontOffice,
    string Method,
    string? Address,
    Guid MessageId,
    DateTimeOffset DeliveredAt);

/// <remarks>Comment is what round 1 stored, in the clear, and its chain hashed so; since then the applicant's words
/// are in <see cref="ApplicantComment"/>, which the audit blinds (RatingEvents.cs says why).</remarks>
public sealed record ApplicationRated(
    string ApplicationId,
    string OneThing,
    int Score,
    string? Comment,
    string RatedBy,
    DateTimeOffset RatedAt,
    string? ApplicantComment = null);

/// <summary>A scheduled check that a dispatched service is done by its committed time limit.</summary>
public sealed record ServiceDeadlineReached(string ApplicationId, string Service, DateTimeOffset DueAt);
