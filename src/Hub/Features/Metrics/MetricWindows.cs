using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine.Http;

namespace OneThing.Hub.Features.Metrics;

/// <summary>
/// A window of the figures (<c>?window=</c>), in Beijing time: the last hour minute by minute, today hour by hour, the
/// last 7 or 30 days (today included) day by day, and this year month by month. It names the figure buckets that
/// hold it (<see cref="FigureBucket"/>), so a read loads at most 60 documents by their ids and adds nothing up from
/// raw events.
/// </summary>
public sealed record MetricWindow(string Name, string Step, DateTimeOffset From, DateTimeOffset To)
{
    public const string Hour = "hour", Today = "today", Week = "7d", Month = "30d", Year = "year";
    public static readonly string[] Names = [Hour, Today, Week, Month, Year];

    public static ProblemDetails Check(string? window) =>
        window is null || Names.Contains(window)
            ? WolverineContinue.NoProblems
            : Problems.Validation("window", $"Use one of {string.Join(", ", Names)}, or none for all time.");

    /// <summary>The window at <paramref name="now"/>, or null for all time (no window given).</summary>
    public static MetricWindow? Of(string? window, DateTimeOffset now)
    {
        var local = now.ToOffset(WorkingCalendar.Beijing);
        var minute = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0,
            WorkingCalendar.Beijing);
        var day = new DateTimeOffset(local.Date, WorkingCalendar.Beijing);
        return window switch
        {
            null => null,
            Hour => new(Hour, FigureBuckets.Minute, minute.AddMinutes(-59), minute.AddMinutes(1)),
            Today => new(Today, FigureBuckets.Hour, day, minute.AddMinutes(-minute.Minute).AddHours(1)),
            Week => new(Week, FigureBuckets.Day, day.AddDays(-6), day.AddDays(1)),
            Month => new(Month, FigureBuckets.Day, day.AddDays(-29), day.AddDays(1)),
            Year => new(Year, FigureBuckets.Month,
                new DateTimeOffset(local.Year, 1, 1, 0, 0, 0, WorkingCalendar.Beijing),
                new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, WorkingCalendar.Beijing).AddMonths(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Not a window"),
        };
    }

    /// <summary>The start of every step of the window, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Steps()
    {
        var steps = new List<DateTimeOffset>();
        for (var at = From; at < To; at = FigureBuckets.Next(Step, at)) steps.Add(at);
        return steps;
    }

    /// <summary>The buckets whose figures add up to the window's: today is its one day bucket, not 24 hours.
    /// </summary>
    public IReadOnlyList<string> FigureIds() =>
        Name == Today ? [FigureBuckets.Id(FigureBuckets.Day, From)] : StepIds();

    public IReadOnlyList<string> StepIds() => [.. Steps().Select(s => FigureBuckets.Id(Step, s))];

    public MetricsWindow Contract() => new(Name, From, To, Step);
}

/// <summary>The ids of figure buckets: the grain and the Beijing time its step starts, fixed width.</summary>
public static class FigureBuckets
{
    public const string Minute = "minute", Hour = "hour", Day = "day", Month = "month";

    /// <summary>How long the fine buckets are kept (<see cref="BucketRetention"/>): the last-hour window needs
    /// minutes of the last hour only, today's trend hours of today only; the margin covers a daemon that lags or a
    /// node whose clock is off. Days and months stay: one document a day, a few kilobytes.</summary>
    public static readonly TimeSpan MinutesKept = TimeSpan.FromHours(48), HoursKept = TimeSpan.FromDays(8);

    private static readonly string[] Formats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH", "yyyy-MM-dd", "yyyy-MM"];

    private static string Format(string grain) => grain switch
    {
        Minute => Formats[0], Hour => Formats[1], Day => Formats[2], Month => Formats[3],
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, "Not a grain"),
    };

    public static string Id(string grain, DateTimeOffset at) =>
        $"{grain}:{at.ToOffset(WorkingCalendar.Beijing).ToString(Format(grain), CultureInfo.InvariantCulture)}";

    public static DateTimeOffset Next(string grain, DateTimeOffset at) => grain switch
    {
        Minute => at.AddMinutes(1), Hour => at.AddHours(1), Day => at.AddDays(1), _ => at.AddMonths(1),
    };

    /// <summary>
    /// The four buckets an event at <paramref name="at"/> counts in. An event older than a fine grain's retention
    /// (a rebuild reading the whole log) goes to the day and month only: its minute and hour buckets would be purged
    /// again at once, after a rebuild had written one for every minute the hub ever worked. The wall clock, not the
    /// hub's: what is purged is decided by it too.
    /// </summary>
    public static IReadOnlyList<string> Of(DateTimeOffset at)
    {
        var age = DateTimeOffset.UtcNow - at;
        var ids = new List<string>(4);
        if (age < MinutesKept) ids.Add(Id(Minute, at));
        if (age < HoursKept) ids.Add(Id(Hour, at));
        ids.Add(Id(Day, at));
        ids.Add(Id(Month, at));
        return ids;
    }
}
