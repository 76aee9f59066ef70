namespace OneThing.Hub.Features.Ratings;

// 好差评. The type names are stored with every event: never rename them.
//
// ServiceRated is on the application's stream: one rating per service (一次一评) is a decision about the case, and
// the case's history shows it. Each rectification has a stream of its own, keyed by its id (a GUID v7), started in
// the same transaction as the rating that opened it; its events carry the case's correlation id.
//
// What the applicant wrote is theirs: its members are named applicantComment and applicantNote, which the audit
// blinds wherever they stand (AuditMasking), so the chain never hashes the text and erasing the person blanks it.

/// <summary>The applicant rated one finished service, attributed to its responsible units (each unit of a joint
/// service); a bad rating opened <see cref="Rectifications"/>, one per unit.</summary>
public sealed record ServiceRated(
    string ApplicationId,
    string Service,
    string OneThing,
    string FrontOffice,
    IReadOnlyList<string> Departments,
    string Level,
    string? ApplicantComment,
    IReadOnlyList<string> Rectifications,
    string RatedBy,
    DateTimeOffset RatedAt);

/// <summary>A bad rating to rectify: the department replies by <see cref="DueAt"/>, <see cref="WorkingDays"/>
/// working days after the rating.</summary>
public sealed record RectificationOpened(
    string Id,
    string ApplicationId,
    string OneThing,
    string Service,
    string Department,
    string FrontOffice,
    string Level,
    string? ApplicantComment,
    int WorkingDays,
    DateTimeOffset DueAt,
    DateTimeOffset OpenedAt);

/// <summary>Not replied by its deadline.</summary>
public sealed record RectificationOverdue(
    string Id,
    string Department,
    DateTimeOffset DueAt,
    DateTimeOffset NoticedAt);

public sealed record RectificationReplied(
    string Id,
    string Department,
    string Reply,
    bool InTime,
    string RepliedBy,
    DateTimeOffset RepliedAt);

/// <summary>The department contests the rating; its clock stops with <see cref="WorkingDaysLeft"/> (negative when
/// it appealed past its deadline).</summary>
public sealed record RectificationAppealed(
    string Id,
    string Department,
    string Reason,
    double WorkingDaysLeft,
    string AppealedBy,
    DateTimeOffset AppealedAt);

/// <summary>The coordinating office's decision. Upheld: the rating no longer counts. Refused: the department owes
/// its reply by <see cref="DueAt"/>.</summary>
public sealed record RectificationAppealDecided(
    string Id,
    string Department,
    bool Upheld,
    string Decision,
    DateTimeOffset? DueAt,
    string DecidedBy,
    DateTimeOffset DecidedAt);

/// <summary>回访: what the applicant said of the rectification.</summary>
public sealed record RectificationFollowedUp(
    string Id,
    string Department,
    string Result,
    string? ApplicantNote,
    string FollowedUpBy,
    DateTimeOffset FollowedUpAt);

/// <summary>A scheduled check that a rectification is replied by its deadline.</summary>
public sealed record RectificationDue(string RectificationId, DateTimeOffset DueAt);
