namespace OneThing.Contracts;

/// <summary>What the big data centre's dashboard shows beside the tables of figures: the totals, the weighted rating
/// and the names of the One Things and departments, so that the page neither copies seed data nor adds up figures.
/// <see cref="ProvisionalDeadlines"/> counts the open deadlines (services under way, share requests awaiting an
/// answer) that fall in a year whose working-day arrangement is not published. With a window, the totals are what
/// happened in it.
/// </summary>
public sealed record DashboardSummary(
    Freshness Freshness,
    DashboardTotals Totals,
    IReadOnlyList<DashboardName> OneThings,
    IReadOnlyList<DashboardName> Departments,
    int? CalendarPublishedUntil = null,
    long ProvisionalDeadlines = 0,
    MetricsWindow? Window = null,
    DashboardRatings? Ratings = null);

/// <summary>The hub's totals over every One Thing and department.</summary>
public sealed record DashboardTotals(
    long Applications,
    long Finished,
    long ServicesCompleted,
    long CompletedWithinLimit,
    long ExchangesAnswered,
    IReadOnlyList<long> Ratings,
    long RatingCount,
    double? WithinLimitRate = null,
    double? RatingAverage = null,
    long FieldsFilled = 0,
    long MaterialsSpared = 0);

/// <summary>A code and the name it is shown by.</summary>
public sealed record DashboardName(string Code, string Name);
