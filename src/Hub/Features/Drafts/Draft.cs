using OneThing.Contracts;
using OneThing.Hub.Features.Applications;

namespace OneThing.Hub.Features.Drafts;

// 免申即享: a draft's life; its stream key is the draft id, one per (licence, One Thing), so that a licence event
// handled twice prepares one draft.

/// <summary>One field of the drafted form: its definition for the front office, and the value the hub found.
/// </summary>
public sealed record DraftField(
    string Code,
    string Label,
    string Type,
    bool Required,
    IReadOnlyList<string> UsedBy,
    CaseFormValue? Value = null);

public sealed record DraftPrepared(
    string DraftId,
    string OneThing,
    string OneThingName,
    string Edition,
    string FrontOffice,
    string LicenceId,
    string LicenceType,
    CaseApplicant? Applicant,
    IReadOnlyList<string> Services,
    IReadOnlyList<DraftField> Fields,
    IReadOnlyList<string> ToType,
    IReadOnlyList<CaseFormValue> FromLicence,
    DateTimeOffset PreparedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string>? AtSubmission = null,
    string? LicenceNumber = null);

public sealed record DraftSubmitted(
    string DraftId,
    string ApplicationId,
    string FrontOffice,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    string OneThing);

public sealed record DraftDeclined(
    string DraftId,
    string FrontOffice,
    string Reason,
    string DeclinedBy,
    DateTimeOffset DeclinedAt,
    string OneThing);

public sealed record DraftExpired(string DraftId, string FrontOffice, DateTimeOffset ExpiredAt, string OneThing);

public enum DraftState { Open, Submitted, Declined, Expired }

/// <summary>
/// What a submission, a decline and the expiry decide from: whose the draft is, until when, what the licence filled
/// and for whom. Folded live from the stream; the list reads <see cref="DraftView"/>.
/// </summary>
public sealed record Draft(
    string Id,
    string OneThing,
    string Edition,
    string FrontOffice,
    CaseApplicant? Applicant,
    IReadOnlyList<string> Services,
    IReadOnlyList<CaseFormValue> FromLicence,
    DateTimeOffset ExpiresAt,
    DraftState State,
    CaseDocument? Licence = null)
{
    public static Draft Create(DraftPrepared e) => new(e.DraftId, e.OneThing, e.Edition, e.FrontOffice, e.Applicant,
        e.Services, e.FromLicence, e.ExpiresAt, DraftState.Open,
        new CaseDocument(e.LicenceType, e.LicenceNumber, e.LicenceType, e.LicenceId));

    public Draft Apply(DraftSubmitted _) => this with { State = DraftState.Submitted };
    public Draft Apply(DraftDeclined _) => this with { State = DraftState.Declined };
    public Draft Apply(DraftExpired _) => this with { State = DraftState.Expired };

    public string StateName => State.ToString().ToLowerInvariant();

    /// <summary>Open and not past its time: the scheduled expiry may not have run yet when a late call comes.
    /// </summary>
    public bool OpenAt(DateTimeOffset now) => State == DraftState.Open && now < ExpiresAt;
}
