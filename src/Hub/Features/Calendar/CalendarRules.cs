using System.Globalization;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Calendar;

/// <summary>
/// What a year's arrangement must be, beyond its schema (docs/OPERATIONS.md): every date a real date inside the
/// year; no date twice, nor both a holiday and a make-up working day; make-up working days (调休) on Saturdays or
/// Sundays only. A holiday may fall on any day: the notices list every rest day of a period, weekends inside it too.
/// </summary>
public static class CalendarRules
{
    public const int FirstYear = 2000, LastYear = 2100;

    public static int? YearOf(string? route) =>
        route is { Length: 4 } && route.All(char.IsAsciiDigit) && int.Parse(route) is var y and >= FirstYear
            and <= LastYear ? y : null;

    public static Dictionary<string, string[]> Check(int year, PublishCalendarYear request)
    {
        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<DateOnly>();
        Check(year, request.Holidays, "holidays", weekendsOnly: false, seen, errors);
        Check(year, request.WorkingWeekends, "workingWeekends", weekendsOnly: true, seen, errors);
        return errors;
    }

    private static void Check(int year, IReadOnlyList<CalendarDate>? days, string member, bool weekendsOnly,
        HashSet<DateOnly> seen, Dictionary<string, string[]> errors)
    {
        for (var i = 0; i < (days?.Count ?? 0); i++)
        {
            var key = $"{member}[{i}].date";
            if (!DateOnly.TryParseExact(days![i].Date, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var date))
                errors[key] = ["Give a real date, yyyy-MM-dd."];
            else if (date.Year != year)
                errors[key] = [$"The date {days[i].Date} is not in {year}."];
            else if (!seen.Add(date))
                errors[key] = [$"{days[i].Date} is listed twice (or both as a holiday and a make-up working day)."];
            else if (weekendsOnly && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                errors[key] = [$"{days[i].Date} is a {date.DayOfWeek}: make-up working days fall on weekends."];
        }
    }

    public static CalendarYearPublished Published(int year, int version, PublishCalendarYear request, string by,
        DateTimeOffset at) =>
        new(year, version, Days(request.Holidays), Days(request.WorkingWeekends), by, at, request.Source);

    private static List<ArrangedDay> Days(IEnumerable<CalendarDate>? days) =>
        [.. (days ?? []).Select(d => new ArrangedDay(DateOnly.ParseExact(d.Date, "yyyy-MM-dd",
            CultureInfo.InvariantCulture), d.Name)).OrderBy(d => d.Date)];
}
