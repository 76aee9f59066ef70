using System.Globalization;

namespace OneThing.Hub.Infrastructure;

/// <summary>The filters lists share: codes, states from a fixed set, and a time range. Each check adds its error
/// under the parameter's name, so that one 400 names everything wrong with the query.</summary>
public static class ListFilters
{
    public const string TimeRule = "Use an ISO 8601 time with its offset (2026-12-01T08:00:00+08:00) or a date "
        + "(2026-12-01: midnight in Beijing).";

    public static void Code(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (value is not null && !Codes.IsCode(value)) errors[name] = [Codes.CodeRule];
    }

    public static void OneOf(string? value, string name, IReadOnlyList<string> allowed,
        Dictionary<string, string[]> errors)
    {
        if (value is not null && !allowed.Contains(value))
            errors[name] = [$"Use one of {string.Join(", ", allowed)}."];
    }

    /// <summary>A time or a date (the start of that day in Beijing, the hub's time zone); null when not
    /// given.</summary>
    public static DateTimeOffset? Time(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), WorkingCalendar.Beijing);
        // An offset is required: a bare local time would mean whatever the server's zone is.
        if (value.Length is >= 20 and <= 40 && value[10] is 'T' or 't'
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && (value.EndsWith('Z') || value.EndsWith('z') || value[^6] is '+' or '-'))
            // As PostgreSQL reads the stored times (it rounds to microseconds, Npgsql would truncate the parameter):
            // otherwise a row at the edge of a sub-microsecond bound falls out of a range it belongs to.
            return Paging.AsStored(at);
        errors[name] = [TimeRule];
        return null;
    }

    /// <summary>from (inclusive) and to (exclusive), with from before to.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Range(string? from, string? to,
        Dictionary<string, string[]> errors)
    {
        var (f, t) = (Time(from, "from", errors), Time(to, "to", errors));
        if (f is { } a && t is { } b && a >= b) errors["to"] = ["Give a to after from (from counts, to does not)."];
        return (f, t);
    }
}
