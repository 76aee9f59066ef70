namespace OneThing.Contracts;

/// <summary>A duration distribution, read from histogram buckets kept by the projection (upper bounds of
/// buckets).</summary>
public sealed record Timing(long Count, double P50, double P95, double Max, string Unit);

/// <summary>How fresh the figures are: the async projections' distance from the newest event.</summary>
public sealed record Freshness(DateTimeOffset AsOf, long HighWaterMark, long Processed, double LagSeconds);

public sealed record DepartmentMetrics(
    string Department,
    string Name,
    long ServicesDispatched,
    long ServicesCompleted,
    long ServicesRejected,
    long CompletedWithinLimit,
    long Overdue,
    Timing ProcessingHours,
    long ShareRequestsAnswered,
    long ShareRequestsAnsweredInTime,
    long ShareRequestBreaches,
    long ExchangesAnswered,
    Timing ExchangeAnswerMs,
    long InvalidAnswers,
    long ExchangeTimeouts,
    long QualityReports,
    long Deliveries,
    long DeliveryFailures,
    double DeliverySuccessRate,
    double? TimelinessRate = null,
    double? QualityRate = null,
    long Escalations = 0
);

/// <summary>Every department's figures; with a window, only what happened in it (and <c>overdue</c> counts the
/// services that went overdue in it).</summary>
public sealed record DepartmentMetricsList(
    Freshness Freshness,
    IReadOnlyList<DepartmentMetrics> Departments,
    MetricsWindow? Window = null);

public sealed record ResourceMetrics(
    string Resource,
    string Provider,
    long Exchanges,
    Timing AnswerMs,
    long SlowAnswers,
    long InvalidAnswers,
    long Timeouts,
    long QualityReports
);

public sealed record ResourceMetricsList(
    Freshness Freshness,
    IReadOnlyList<ResourceMetrics> Resources,
    MetricsWindow? Window = null);

public sealed record OneThingMetrics(
    string OneThing,
    long Applications,
    long Finished,
    long Completed,
    long PartiallyCompleted,
    long Rejected,
    Timing Hours,
    IReadOnlyList<long> Ratings,
    long MaterialsSpared,
    double? RatingAverage = null,
    long FieldsFilled = 0,
    DraftCounts? Drafts = null
);

/// <summary>免申即享 for a One Thing: drafts the hub prepared, and what became of them.</summary>
public sealed record DraftCounts(long Prepared, long Submitted, long Declined, long Expired);

public sealed record OneThingMetricsList(
    Freshness Freshness,
    IReadOnlyList<OneThingMetrics> OneThings,
    IReadOnlyList<DayMetrics> Days,
    MetricsWindow? Window = null
);

/// <summary>One day (Beijing time) of the hub's life.</summary>
public sealed record DayMetrics(string Date, long Applications, long ServicesCompleted, long Exchanges, long Breaches);

/// <summary>A broken time limit or SLA, the moment it broke.</summary>
public sealed record SlaBreach(
    string Id,
    string Kind,
    string Subject,
    string Department,
    DateTimeOffset DueAt,
    DateTimeOffset NoticedAt,
    string Detail
);

/// <summary>A page of breaches, newest first; <see cref="Count"/> is how many there are in all, <see cref="Next"/>
/// the cursor of the next page (?after=), null on the last.</summary>
public sealed record SlaBreachList(
    Freshness Freshness,
    int Count,
    IReadOnlyList<SlaBreach> Breaches,
    string? Next = null
);

/// <summary>
/// The plan's yearly target (各市级部门每年至少完成1项, 各区每年至少完成10项). A city-level unit: at least one One Thing
/// of the year's edition in which it is a lead or responsible unit, brought into operation that year (its first
/// application completed in the year). A district: at least ten distinct One Things completed through its
/// government service office in the year. <see cref="OneThings"/> are those that count; <see cref="Status"/> is
/// one of <see cref="TargetStates"/>: a unit with no part in any One Thing of the edition is "no-part", not failing.
/// <see cref="TakesPartIn"/>: for a city-level unit, the One Things of the edition it has a part in.
/// </summary>
public sealed record TargetStatus(
    string Department,
    string Name,
    string Level,
    int Target,
    int Achieved,
    bool Met,
    IReadOnlyList<string> OneThings,
    string Status = TargetStates.Unmet,
    int? TakesPartIn = null
);

public static class TargetStates
{
    public const string Met = "met";
    public const string Unmet = "unmet";
    public const string NoPart = "no-part";
}

/// <summary>The targets of a year against its catalog edition (the one of that year, else the newest before it).
/// <see cref="Total"/> counts the units with a target; <see cref="NoPart"/> those without one.</summary>
public sealed record TargetList(
    int Year,
    int Met,
    int Total,
    IReadOnlyList<TargetStatus> Targets,
    string? Edition = null,
    int NoPart = 0
);

/// <summary>The data centre sets a resource's SLAs: how fast it answers, how fresh its data is.</summary>
public sealed record ResourceSla(int ResponseSlaSeconds, int FreshnessSlaHours);

/// <summary>The data centre sets a service's committed time limit for new applications (the catalog's is the
/// default).</summary>
public sealed record ServiceSla(int TimeLimitDays);

public sealed record SlaDefinitions(
    IReadOnlyList<ResourceSlaDefinition> Resources,
    IReadOnlyList<ServiceSlaDefinition> Services
);

public sealed record ResourceSlaDefinition(
    string Resource,
    string Provider,
    int ResponseSlaSeconds,
    int FreshnessSlaHours
);

public sealed record ServiceSlaDefinition(string Service, int TimeLimitDays, string SetBy, DateTimeOffset SetAt);
