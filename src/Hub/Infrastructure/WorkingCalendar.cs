namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Working days by the State Council's holiday notices, as the coordinating office publishes them year by year
/// (PUT /api/calendar/{year}, docs/OPERATIONS.md): weekends rest unless they are adjusted working days (调休), and
/// public holidays rest. Time limits (办结时限, reply deadlines) count in these days, in Beijing time. A year not
/// published counts weekends only, and a deadline that falls in it is provisional (<see cref="IsProvisional"/>).
/// One instance per node, kept current by <c>CalendarRefresh</c>: each year is swapped whole, so a count reads
/// one consistent arrangement without a lock.
/// </summary>
public sealed class WorkingCalendar
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The date in Beijing at <paramref name="now"/>: the day validity dates and daily figures are counted
    /// in.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Beijing).DateTime);

    private sealed record Year(int Version, HashSet<DateOnly> Holidays, HashSet<DateOnly> WorkingWeekends);

    private static readonly Year Unpublished = new(0, [], []);
    private readonly Lock _writing = new();
    private volatile Dictionary<int, Year> _years = [];
    private volatile int _publishedUntil;

    /// <summary>Every year that has a date in either list counts as published (tests, and nodes before their first
    /// read of the published years).</summary>
    public WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workingWeekends)
    {
        var off = holidays.ToLookup(d => d.Year);
        var worked = workingWeekends.ToLookup(d => d.Year);
        foreach (var year in off.Select(g => g.Key).Union(worked.Select(g => g.Key)))
            Use(year, 1, off[year], worked[year]);
    }

    /// <summary>Puts a published version of a year in force; an older version than the one in force is ignored (a
    /// slow read of the published years must not undo a correction this node has just seen).</summary>
    public void Use(int year, int version, IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workingWeekends)
    {
        lock (_writing)
        {
            if (_years.TryGetValue(year, out var current) && current.Version > version) return;
            _years = new Dictionary<int, Year>(_years)
            {
                [year] = new(version, holidays.ToHashSet(), workingWeekends.ToHashSet()),
            };
            // The end of the run from the first published year: a year published far ahead leaves the gap before it
            // unpublished, and the gap is what the figure warns of.
            var until = _years.Keys.Min();
            while (_years.ContainsKey(until + 1)) until++;
            _publishedUntil = until;
        }
    }

    /// <summary>The last year up to which every year's arrangement is published, or null when none is.</summary>
    public int? PublishedUntil => _publishedUntil == 0 ? null : _publishedUntil;

    /// <summary>Every year whose arrangement is published.</summary>
    public IReadOnlySet<int> PublishedYears() => _years.Keys.ToHashSet();

    /// <summary>The version in force for <paramref name="year"/>, 0 when it is not published.</summary>
    public int VersionOf(int year) => _years.TryGetValue(year, out var y) ? y.Version : 0;

    /// <summary>A deadline that falls in a year not published (past the last published one): counted over weekends
    /// only, it may move once that year's arrangement is published. A deadline at 24:00 falls on the day it ends.
    /// </summary>
    public bool IsProvisional(DateTimeOffset? due) =>
        due is { } d && !_years.ContainsKey(Today(d.AddTicks(-1)).Year);

    public bool IsWorkingDay(DateOnly day)
    {
        var year = _years.GetValueOrDefault(day.Year, Unpublished);
        return year.WorkingWeekends.Contains(day)
            || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !year.Holidays.Contains(day));
    }

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
}
