using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Calendar;

/// <summary>A version of a year's working-day arrangement, on the stream <c>calendar/{year}</c>: version 1 is the
/// first publication (or the seed), each later one a correction that replaces it whole.</summary>
public sealed record CalendarYearPublished(
    int Year,
    int Version,
    IReadOnlyList<ArrangedDay> Holidays,
    IReadOnlyList<ArrangedDay> WorkingWeekends,
    string PublishedBy,
    DateTimeOffset PublishedAt,
    string? Source = null);

public sealed record ArrangedDay(DateOnly Date, string? Name = null);

/// <summary>The arrangement in force for a year: what GET /api/calendar/{year} answers and what every node's
/// <see cref="Infrastructure.WorkingCalendar"/> reads.</summary>
public sealed class CalendarYearView
{
    public string Id { get; set; } = "";
    public CalendarYearPublished Published { get; set; } = null!;

    public static string StreamKey(int year) => $"calendar/{year}";

    public CalendarYearArrangement Arrangement() => new(Published.Year, Published.Version,
        Days(Published.Holidays), Days(Published.WorkingWeekends), Published.PublishedBy, Published.PublishedAt,
        Published.Source);

    private static List<CalendarDate> Days(IEnumerable<ArrangedDay> days) =>
        [.. days.Select(d => new CalendarDate(d.Date.ToString("yyyy-MM-dd"), d.Name))];
}

public sealed class CalendarYearProjection : SingleStreamProjection<CalendarYearView, string>
{
    public static CalendarYearView Create(CalendarYearPublished e) =>
        new() { Id = CalendarYearView.StreamKey(e.Year), Published = e };

    public static void Apply(CalendarYearPublished e, CalendarYearView view) => view.Published = e;
}

public static class CalendarStore
{
    /// <summary>Inline: a published year is read back (and by the other nodes) as soon as it is committed.</summary>
    public static StoreOptions AddCalendar(this StoreOptions opts)
    {
        opts.Events.AddEventType<CalendarYearPublished>();
        opts.Projections.Add<CalendarYearProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
