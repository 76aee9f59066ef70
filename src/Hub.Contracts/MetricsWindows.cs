namespace OneThing.Contracts;

/// <summary>The window of time a metrics answer covers (<c>?window=hour|today|7d|30d|year</c>), in Beijing time:
/// from its first instant up to, not including, <see cref="To"/>; its trend goes in steps of <see cref="Step"/>
/// (minute, hour, day or month).</summary>
public sealed record MetricsWindow(string Name, DateTimeOffset From, DateTimeOffset To, string Step);

/// <summary>The figures of a window step by step, for one department or (without one) the whole hub.</summary>
public sealed record MetricsTrend(
    Freshness Freshness,
    MetricsWindow Window,
    IReadOnlyList<TrendPoint> Points,
    string? Department = null);

/// <summary>One step of a trend: what happened from <see cref="From"/> to the next step. Applications are those
/// submitted (through the department, when the trend is one department's); breaches are services gone overdue,
/// share-request deadlines missed and exchanges timed out.</summary>
public sealed record TrendPoint(
    DateTimeOffset From,
    long Applications,
    long ServicesDispatched,
    long ServicesCompleted,
    long CompletedWithinLimit,
    long ExchangesAnswered,
    long Breaches,
    long Deliveries,
    long DeliveryFailures);
