namespace OneThing.Contracts;

/// <summary>
/// 好差评: the five national levels (国办发〔2019〕51号), best first. On the wire a level is its code; a request may
/// give the Chinese name instead (<see cref="Parse"/>). 非常满意, 满意 and 基本满意 are good ratings (好评), 不满意 and
/// 非常不满意 bad ones (差评): a bad rating opens a rectification for the rated department.
/// </summary>
public static class RatingLevels
{
    public const string VerySatisfied = "very-satisfied";
    public const string Satisfied = "satisfied";
    public const string BasicallySatisfied = "basically-satisfied";
    public const string Dissatisfied = "dissatisfied";
    public const string VeryDissatisfied = "very-dissatisfied";

    public static readonly IReadOnlyList<string> All =
        [VerySatisfied, Satisfied, BasicallySatisfied, Dissatisfied, VeryDissatisfied];

    /// <summary>The national names, in the order of <see cref="All"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"];

    /// <summary>The code of a level given by its code or its Chinese name; null for anything else.</summary>
    public static string? Parse(string? level)
    {
        var text = level?.Trim();
        if (text is null) return null;
        if (All.Contains(text)) return text;
        var i = Names.ToList().IndexOf(text);
        return i < 0 ? null : All[i];
    }

    public static string NameOf(string code) => Names[All.ToList().IndexOf(code)];

    /// <summary>不满意 or worse: a 差评.</summary>
    public static bool IsBad(string code) => code is Dissatisfied or VeryDissatisfied;
}

/// <summary>好差评 for one finished service of an application, passed on by its front office (一次一评: once per
/// service). <see cref="Level"/> is a code of <see cref="RatingLevels"/> or its Chinese name.</summary>
public sealed record RateService(string Level, string? Comment = null);

/// <summary>A service's rating as stored: attributed to the service's responsible units, with the rectifications a
/// bad rating opened (one per unit).</summary>
public sealed record ServiceRating(
    string ApplicationId,
    string Service,
    string Level,
    string LevelName,
    IReadOnlyList<string> Departments,
    DateTimeOffset RatedAt,
    IReadOnlyList<string> Rectifications,
    string? Comment = null
);

/// <summary>Where a rectification of a bad rating stands.</summary>
public static class RectificationStates
{
    public const string Open = "open"; // the rated department owes a reply by its deadline
    public const string Appealed = "appealed"; // the department appealed; the coordinating office decides
    public const string Replied = "replied"; // the department replied; the follow-up (回访) is due
    public const string Closed = "closed"; // followed up, with its result
    public const string Annulled = "annulled"; // the appeal was upheld: the rating does not count
    public static readonly IReadOnlyList<string> All = [Open, Appealed, Replied, Closed, Annulled];
}

/// <summary>What the follow-up (回访) found: the applicant is content with the rectification, or not.</summary>
public static class FollowUpResults
{
    public const string Resolved = "resolved";
    public const string Unresolved = "unresolved";
    public static readonly IReadOnlyList<string> All = [Resolved, Unresolved];
}

/// <summary>The rated department's reply: what it found and what it changed (整改情况).</summary>
public sealed record ReplyToRectification(string Reply);

/// <summary>The rated department contests the rating (申诉), for the coordinating office to decide.</summary>
public sealed record AppealRectification(string Reason);

/// <summary>The coordinating office decides an appeal: upheld, the rating does not count and the case ends;
/// refused, the department owes its reply, with the working time it had left when it appealed.</summary>
public sealed record DecideRectificationAppeal(bool Upheld, string Decision);

/// <summary>The follow-up (回访) of a replied rectification, by the front office or the coordinating office.
/// <see cref="Result"/> is one of <see cref="FollowUpResults"/>.</summary>
public sealed record FollowUpRectification(string Result, string? Note = null);

/// <summary>A rectification as the rated department, the front office and the coordinating office see it.
/// <see cref="Overdue"/>: not replied by <see cref="DueAt"/> (an appeal being decided stops the clock).</summary>
public sealed record RectificationStatus(
    string Id,
    string ApplicationId,
    string OneThing,
    string Service,
    string Department,
    string FrontOffice,
    string Level,
    string LevelName,
    string State,
    bool Overdue,
    int WorkingDays,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt,
    string? Comment = null,
    string? Reply = null,
    DateTimeOffset? RepliedAt = null,
    bool? RepliedInTime = null,
    string? Appeal = null,
    DateTimeOffset? AppealedAt = null,
    bool? AppealUpheld = null,
    string? AppealDecision = null,
    DateTimeOffset? AppealDecidedAt = null,
    string? FollowUp = null,
    string? FollowUpNote = null,
    DateTimeOffset? FollowedUpAt = null,
    bool? DeadlineProvisional = null
);

/// <summary>The payload of the rectification messages (<see cref="MessageKinds"/>): which case, what happened,
/// and where to read it.</summary>
public sealed record RectificationNotice(
    string RectificationId,
    string Event,
    string ApplicationId,
    string Service,
    string Department,
    string State,
    DateTimeOffset DueAt,
    string Location,
    string? Detail = null
);

/// <summary>Ratings by level.</summary>
public sealed record RatingCounts(
    long VerySatisfied,
    long Satisfied,
    long BasicallySatisfied,
    long Dissatisfied,
    long VeryDissatisfied
);

/// <summary>One department's 好差评: its services' ratings (those annulled on appeal left out), the satisfaction
/// rate (非常满意, 满意 and 基本满意 over all), and its rectifications.</summary>
public sealed record RatingMetrics(
    string Department,
    string Name,
    long Ratings,
    RatingCounts Levels,
    long Annulled,
    long Rectifications,
    long Open,
    long Overdue,
    long RepliedInTime,
    long RepliedLate,
    long Appeals,
    long AppealsUpheld,
    long Resolved,
    long Unresolved,
    double? SatisfactionRate = null
);

public sealed record RatingMetricsList(Freshness Freshness, IReadOnlyList<RatingMetrics> Departments);

/// <summary>The dashboard's 好差评 totals over every department.</summary>
public sealed record DashboardRatings(
    long Ratings,
    RatingCounts Levels,
    long OpenRectifications,
    long OverdueRectifications,
    double? SatisfactionRate = null
);
