namespace OneThing.Contracts;

/// <summary>
/// A year's working-day arrangement as the State Council's holiday notice gives it (PUT /api/calendar/{year}):
/// every rest day of each holiday period, and the weekend days that are worked instead (调休).
/// </summary>
public sealed record PublishCalendarYear(
    IReadOnlyList<CalendarDate> Holidays,
    IReadOnlyList<CalendarDate> WorkingWeekends,
    string? Source = null
);

/// <summary>A day of an arrangement: its date (yyyy-MM-dd) and the holiday it belongs to.</summary>
public sealed record CalendarDate(string Date, string? Name = null);

/// <summary>The arrangement in force for a year: its newest version, who published it and when.</summary>
public sealed record CalendarYearArrangement(
    int Year,
    int Version,
    IReadOnlyList<CalendarDate> Holidays,
    IReadOnlyList<CalendarDate> WorkingWeekends,
    string PublishedBy,
    DateTimeOffset PublishedAt,
    string? Source = null
);
