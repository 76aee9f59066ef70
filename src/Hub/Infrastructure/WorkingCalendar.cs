using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Working days by the State Council's holiday notices (seeds/calendar.json): weekends rest unless they are adjusted
/// working days (调休), and public holidays rest. Time limits (办结时限, reply deadlines) count in these days, in
/// Beijing time. A year the calendar does not cover counts weekends only.
/// </summary>
public sealed class WorkingCalendar
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The date in Beijing at <paramref name="now"/>: the day validity dates and daily figures are counted
    /// in.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Beijing).DateTime);

    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _workingWeekends;

    public WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workingWeekends)
    {
        _holidays = holidays.ToHashSet();
        _workingWeekends = workingWeekends.ToHashSet();
    }

    public static WorkingCalendar Load(string file)
    {
        var seed = JsonSerializer.Deserialize<CalendarSeed>(
            File.ReadAllText(file),
            new JsonSerializerOptions(HubJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip }
        )!;
        return new WorkingCalendar(
            seed.Years.SelectMany(y => y.Holidays).Select(d => d.Date),
            seed.Years.SelectMany(y => y.WorkingWeekends).Select(d => d.Date)
        );
    }

    public bool IsWorkingDay(DateOnly day) =>
        _workingWeekends.Contains(day)
        || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>The end (24:00 Beijing time) of the <paramref name="days"/>-th working day after the day of <paramref
    /// name="from"/>.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int days)
    {
        var day = DateOnly.FromDateTime(from.ToOffset(Beijing).DateTime);
        for (var counted = 0; counted < days; )
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
                counted++;
        }
        return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Beijing);
    }

    /// <summary>
    /// The instant <paramref name="days"/> working days (a fraction of a day too) after <paramref name="from"/>,
    /// counting
    /// only working-day time: the inverse of <see cref="WorkingDaysBetween"/>. A limit that had 2.3 working days left
    /// when its clock stopped gets exactly those back when it starts again.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, double days)
    {
        var cursor = from.ToOffset(Beijing);
        var left = TimeSpan.FromDays(Math.Max(days, 0));
        while (true)
        {
            var next = new DateTimeOffset(cursor.Date, Beijing).AddDays(1);
            if (IsWorkingDay(DateOnly.FromDateTime(cursor.DateTime)))
            {
                if (next - cursor >= left)
                    return cursor + left;
                left -= next - cursor;
            }
            cursor = next;
        }
    }

    /// <summary>Working days between two instants, in fractions of a day (negative when <paramref name="to"/> has
    /// passed).</summary>
    public double WorkingDaysBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
            return -WorkingDaysBetween(to, from);
        double total = 0;
        var cursor = from.ToOffset(Beijing);
        while (cursor < to)
        {
            var dayStart = new DateTimeOffset(cursor.Date, Beijing);
            var next = dayStart.AddDays(1);
            var end = to < next ? to : next;
            if (IsWorkingDay(DateOnly.FromDateTime(cursor.DateTime)))
                total += (end - cursor).TotalDays;
            cursor = end;
        }
        return total;
    }

    private sealed record CalendarSeed(IReadOnlyList<CalendarYear> Years);

    private sealed record CalendarYear(
        int Year,
        IReadOnlyList<CalendarDay> Holidays,
        IReadOnlyList<CalendarDay> WorkingWeekends
    );

    private sealed record CalendarDay(DateOnly Date, string? Name);
}
