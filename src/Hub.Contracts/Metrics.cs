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

public sealed record DepartmentMetricsList(Freshness Freshness, IReadOnlyList<DepartmentMetrics> Departments);

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

public sealed record ResourceMetricsList(Freshness Freshness, IReadOnlyList<ResourceMetrics> Resources);

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
    IReadOnlyList<DayMetrics> Days
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

public sealed record SlaBreachList(Freshness Freshness, int Count, IReadOnlyList<SlaBreach> Breaches);

/// <summary>The plan's yearly target: every city department completes at least one One Thing, every district
/// ten.</summary>
public sealed record TargetStatus(
    string Department,
    string Name,
    string Level,
    int Target,
    int Achieved,
    bool Met,
    IReadOnlyList<string> OneThings
);

public sealed record TargetList(int Year, int Met, int Total, IReadOnlyList<TargetStatus> Targets);

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
