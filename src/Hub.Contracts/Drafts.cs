namespace OneThing.Contracts;

/// <summary>
/// 免申即享: an application the hub prepared by itself when a pushed e-licence opened a One Thing for a person, as
/// the front office of the person's district sees it (GET /api/drafts, and the <c>application-draft</c> message).
/// The front office asks the applicant's consent, types <see cref="ToType"/> and submits it in one call, or declines
/// it. A draft with no <see cref="Applicant"/> (a death certificate names none) is submitted with the applicant.
/// <see cref="AtSubmission"/> are the fields the hub fills from shared data on submission: only the applicant's
/// consent lets it query other departments' records (a field they hold nothing for is then the applicant's to give).
/// </summary>
public sealed record ApplicationDraft(
    string DraftId,
    string OneThing,
    string OneThingName,
    string Edition,
    string FrontOffice,
    string State,
    IReadOnlyList<string> Services,
    IReadOnlyList<FormValue> Fields,
    IReadOnlyList<string> ToType,
    DraftTrigger OpenedBy,
    DateTimeOffset PreparedAt,
    DateTimeOffset ExpiresAt,
    string SubmissionUrl,
    IReadOnlyList<string> AtSubmission,
    Applicant? Applicant = null,
    string? ApplicationId = null,
    string? DeclineReason = null
);

/// <summary>The e-licence whose push opened the One Thing.</summary>
public sealed record DraftTrigger(string LicenceId, string LicenceType);

public static class DraftStates
{
    public const string Open = "open";
    public const string Submitted = "submitted";
    public const string Declined = "declined";
    public const string Expired = "expired";
    public static readonly IReadOnlyList<string> All = [Open, Submitted, Declined, Expired];
}

/// <summary>A page of drafts, oldest first; <see cref="Next"/> is the cursor of the next page (null: the
/// last).</summary>
public sealed record DraftList(IReadOnlyList<ApplicationDraft> Items, string? Next = null);

/// <summary>
/// The applicant agreed (<see cref="Consent"/> must be true): the draft becomes an application, as POST
/// /api/applications would make it. <see cref="Form"/> holds the fields still to type and any corrections;
/// <see cref="Applicant"/> is required when the draft has none, and may not change one it has.
/// </summary>
public sealed record SubmitDraft(
    bool Consent,
    IReadOnlyDictionary<string, string>? Form = null,
    string? Phone = null,
    ResultDelivery? Delivery = null,
    Applicant? Applicant = null
);

/// <summary>The applicant did not want it, or the front office found it wrong.</summary>
public sealed record DeclineDraft(string Reason);
