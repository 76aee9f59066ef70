using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using Wolverine.Http;

namespace OneThing.Hub.Infrastructure;

/// <summary>One page of a list as the caller asked for it: how many, and after which row (the decoded cursor's keys,
/// null for the first page). Every list route reads it with <see cref="Paging.Read"/> in its Load step.
/// <see cref="List"/> names the list the cursor belongs to, when the list asked for that check.</summary>
public sealed record PageQuery(int Limit, IReadOnlyList<string>? After, string? List = null)
{
    /// <summary>The cursor's keys as a time and an id, the order most lists use (oldest first, ties by id). The time
    /// is the instant as PostgreSQL reads it from the stored document (<see cref="Paging.AsStored"/>), so that the
    /// seek compares like with like.</summary>
    public bool TryAfter(out DateTimeOffset at, out string id)
    {
        at = default;
        id = "";
        if (After is not [var time, var key]) return false;
        if (!DateTimeOffset.TryParse(time, null, DateTimeStyles.RoundtripKind, out var parsed)) return false;
        (at, id) = (Paging.AsStored(parsed), key);
        return true;
    }

    /// <summary>The cursor's single key, for lists ordered by a code or another unique text.</summary>
    public bool TryAfter(out string key)
    {
        key = After is [var only] ? only : "";
        return After is [_];
    }
}

/// <summary>Keyset paging (API.md, "Routes added in round 2"): <c>?limit=</c> 1–500, default 50, and <c>?after=</c>, an
/// opaque cursor. The cursor carries the sort keys of the last row shown, so a page is an index seek whatever the
/// list's size, and rows added meanwhile never shift or repeat a page as an offset would.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    // A version prefix, so a later change of the keys' layout refuses old cursors instead of misreading them.
    private const string Version = "p1";
    private const char Separator = '\u001f';
    // Marks the key that names a list: no sort key starts with it once keys are cleaned (see Cursor).
    private const char ListMark = '\u001e';

    /// <summary>Reads <c>limit</c> and <c>after</c>; a problem (400) for a limit out of range or a cursor this hub did
    /// not give. <paramref name="keys"/> is how many sort keys the list's cursor carries; with <paramref name="list"/>
    /// the cursor must also be one this list gave (a cursor of another list is refused, not misread). A route that
    /// round 1 served with other bounds keeps them with <paramref name="defaultLimit"/> and
    /// <paramref name="maxLimit"/>.</summary>
    public static (PageQuery?, ProblemDetails) Read(int? limit, string? after, int keys = 2, string? list = null,
        int defaultLimit = DefaultLimit, int maxLimit = MaxLimit)
    {
        if (limit is { } l && (l < 1 || l > maxLimit))
            return (null, Problems.Validation("limit", $"Use 1 to {maxLimit}; without it a page has {defaultLimit}."));
        if (after is null) return (new PageQuery(limit ?? defaultLimit, null, list), WolverineContinue.NoProblems);
        var decoded = Decode(after);
        return decoded is null || decoded.Value.List != list || decoded.Value.Keys.Count != keys
            ? (null, Problems.Validation("after", "Not a cursor this list gave: pass the last page's next as it was."))
            : (new PageQuery(limit ?? defaultLimit, decoded.Value.Keys, list), WolverineContinue.NoProblems);
    }

    /// <summary><see cref="Read"/> for a list ordered by a time and an id (<see cref="Seek{T}"/>): a cursor whose keys
    /// are not a time and an id is refused too, rather than read as no cursor.</summary>
    public static (PageQuery?, ProblemDetails) ReadTimed(int? limit, string? after, string list,
        int defaultLimit = DefaultLimit, int maxLimit = MaxLimit)
    {
        var (page, problem) = Read(limit, after, 2, list, defaultLimit, maxLimit);
        return page is { After: not null } && !page.TryAfter(out _, out _)
            ? (null, Problems.Validation("after", "Not a cursor this list gave: pass the last page's next as it was."))
            : (page, problem);
    }

    /// <summary>The page from rows fetched with <c>Take(limit + 1)</c>: the extra row only says another page exists,
    /// and the cursor is the last shown row's keys.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> fetched, PageQuery page, Func<T, IEnumerable<string>> keysOf)
    {
        var items = fetched.Count > page.Limit ? fetched.Take(page.Limit).ToList() : fetched.ToList();
        var next = fetched.Count > page.Limit ? Cursor(keysOf(items[^1]), page.List) : null;
        return new Page<T>(items, next);
    }

    /// <summary>The page from rows fetched with <c>Take(limit + 1)</c>, ordered by a time and an id.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> fetched, PageQuery page, Func<T, DateTimeOffset> at,
        Func<T, string> id) =>
        Of(fetched, page, row => [Time(at(row)), id(row)]);

    /// <summary>A time as a cursor key: round-trip form, so the next page seeks from exactly that instant.</summary>
    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O");

    public static string Cursor(IEnumerable<string> keys) => Cursor(keys, null);

    public static string Cursor(IEnumerable<string> keys, string? list)
    {
        // Keys are joined by a character no key contains after cleaning; base64url hides the layout from clients.
        var parts = keys.Select(k => k.Replace(Separator.ToString(), "").TrimStart(ListMark));
        if (list is not null) parts = parts.Prepend(ListMark + list);
        var text = Version + Separator + string.Join(Separator, parts);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// The instant PostgreSQL reads from a time stored in a document. Marten compares and indexes a document's time
    /// as <c>timestamptz</c> parsed from its JSON text, which has microseconds: PostgreSQL rounds the fraction (as a
    /// double, half to even), while Npgsql truncates a parameter's 100 ns ticks. A cursor compared without this would
    /// repeat or skip the row it came from whenever the two differ.
    /// </summary>
    public static DateTimeOffset AsStored(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction % 10 == 0) return utc;
        // The fraction's digits as the JSON has them, parsed as PostgreSQL's strtod does, then rint(frac * 1e6).
        var seconds = double.Parse("0." + fraction.ToString("D7", CultureInfo.InvariantCulture),
            CultureInfo.InvariantCulture);
        var micros = (long)Math.Round(seconds * 1_000_000, MidpointRounding.ToEven);
        return new DateTimeOffset(utc.Ticks - fraction + micros * 10, TimeSpan.Zero);
    }

    /// <summary>
    /// The rows after the cursor in the order (time, id), oldest first or, with <paramref name="newestFirst"/>,
    /// newest first: an index on (time, id) answers it as one range seek. The redundant bound on the time alone is
    /// what lets PostgreSQL start the scan at the cursor instead of filtering every row before it.
    /// </summary>
    public static IQueryable<T> Seek<T>(this IQueryable<T> query, PageQuery page,
        Expression<Func<T, DateTimeOffset>> at, Expression<Func<T, string>> id, bool newestFirst = false)
    {
        if (page.TryAfter(out var time, out var key))
        {
            var row = at.Parameters[0];
            var atBody = at.Body;
            var idBody = new Rebind(id.Parameters[0], row).Visit(id.Body);
            var t = Expression.Constant(time);
            var compare = Expression.Call(idBody, typeof(string).GetMethod(nameof(string.CompareTo), [typeof(string)])!,
                Expression.Constant(key));
            var zero = Expression.Constant(0);
            Expression body = newestFirst
                ? Expression.AndAlso(Expression.LessThanOrEqual(atBody, t), Expression.OrElse(
                    Expression.LessThan(atBody, t),
                    Expression.AndAlso(Expression.Equal(atBody, t), Expression.LessThan(compare, zero))))
                : Expression.AndAlso(Expression.GreaterThanOrEqual(atBody, t), Expression.OrElse(
                    Expression.GreaterThan(atBody, t),
                    Expression.AndAlso(Expression.Equal(atBody, t), Expression.GreaterThan(compare, zero))));
            query = query.Where(Expression.Lambda<Func<T, bool>>(body, row));
        }
        return newestFirst
            ? query.OrderByDescending(at).ThenByDescending(id).Take(page.Limit + 1)
            : query.OrderBy(at).ThenBy(id).Take(page.Limit + 1);
    }

    /// <summary>
    /// One page out of several branches of the same list, each fetched with <see cref="Seek{T}"/> (a party sees the
    /// rows where it is the consumer and those where it is the provider: two index seeks rather than one scan of an
    /// OR). Rows in two branches count once.
    /// </summary>
    public static IReadOnlyList<T> Merge<T>(IEnumerable<IReadOnlyList<T>> branches, PageQuery page,
        Func<T, DateTimeOffset> at, Func<T, string> id, bool newestFirst = false)
    {
        var rows = branches.SelectMany(b => b).DistinctBy(id);
        var ordered = newestFirst
            ? rows.OrderByDescending(r => AsStored(at(r))).ThenByDescending(id, StringComparer.Ordinal)
            : rows.OrderBy(r => AsStored(at(r))).ThenBy(id, StringComparer.Ordinal);
        return ordered.Take(page.Limit + 1).ToList();
    }

    private static (string? List, IReadOnlyList<string> Keys)? Decode(string cursor)
    {
        if (cursor.Length is 0 or > 1024) return null;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            var whole = padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(whole)).Split(Separator);
            if (parts.Length < 2 || parts[0] != Version) return null;
            return parts[1].StartsWith(ListMark) ? (parts[1][1..], parts[2..]) : (null, parts[1..]);
        }
        catch (FormatException) { return null; }
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
