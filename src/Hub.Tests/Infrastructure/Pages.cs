using Alba;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Tests.Infrastructure;

/// <summary>Walks a list the way a client does: page after page, passing each page's next as the next ?after=.
/// </summary>
public static class Pages
{
    public static async Task<List<T>> All<T>(this IAlbaHost host, string url, string key, int limit = 37) =>
        await host.All(url, key, limit, json => json.Read<Page<T>>() is var p ? (p.Items, p.Next) : default);

    /// <summary>Every row of every page; each full page but the last, none larger than the limit.</summary>
    public static async Task<List<T>> All<T>(this IAlbaHost host, string url, string key, int limit,
        Func<IScenarioResult, (IReadOnlyList<T> Items, string? Next)> read)
    {
        var rows = new List<T>();
        string? after = null;
        var cursors = new HashSet<string>();
        do
        {
            var separator = url.Contains('?') ? '&' : '?';
            var page = read(await host.Get($"{url}{separator}limit={limit}"
                + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"), key));
            Assert.True(page.Items.Count <= limit, $"{page.Items.Count} rows on a page of {limit}");
            if (page.Next is not null)
            {
                Assert.Equal(limit, page.Items.Count);
                Assert.True(cursors.Add(page.Next), "a cursor came back twice");
            }
            rows.AddRange(page.Items);
            after = page.Next;
        } while (after is not null);
        return rows;
    }

    /// <summary>Limits out of 1–500 (or not numbers) and cursors this list did not give are 400 problem
    /// details. <paramref name="list"/> is the list's name in its cursors, for a cursor with the wrong keys.</summary>
    public static async Task RefusesBadPaging(this IAlbaHost host, string url, string key, string list,
        int maxLimit = Paging.MaxLimit)
    {
        var separator = url.Contains('?') ? '&' : '?';
        var now = Paging.Time(DateTimeOffset.UtcNow);
        var other = list == "exchanges" ? "disputes" : "exchanges";
        var cursors = new[]
        {
            "garbage", "%%%", "p1", new string('A', 2000), Paging.Cursor([now, Guid.NewGuid().ToString()]),
            Paging.Cursor([now, Guid.NewGuid().ToString()], other), Paging.Cursor([now], list),
            Paging.Cursor([now, "x", "y"], list), Paging.Cursor(["not a time", "x"], list),
            Convert.ToBase64String("p2\u001f\u001eapplications\u001fx\u001fy"u8.ToArray()),
        };
        foreach (var limit in new[] { "0", "-1", (maxLimit + 1).ToString(), "abc", "1.5" })
            (await host.Get($"{url}{separator}limit={limit}", key, 400)).Problem();
        foreach (var after in cursors)
        {
            var problem = (await host.Get($"{url}{separator}after={Uri.EscapeDataString(after)}", key, 400))
                .Problem();
            Assert.Contains("after", problem.Errors.Keys);
        }
    }

    /// <summary>The order every list keeps: the time as PostgreSQL stores it, then the id.</summary>
    public static List<T> InListOrder<T>(this IEnumerable<T> rows, Func<T, DateTimeOffset> at, Func<T, string> id,
        bool newestFirst = false) =>
        newestFirst
            ? [.. rows.OrderByDescending(r => Paging.AsStored(at(r))).ThenByDescending(id, StringComparer.Ordinal)]
            : [.. rows.OrderBy(r => Paging.AsStored(at(r))).ThenBy(id, StringComparer.Ordinal)];

    /// <summary>Times for seeded rows: ascending by a second in blocks of five equal times (ties decided by the id),
    /// each block with its own 100 ns ticks, so that PostgreSQL's microseconds round some of them up.</summary>
    public static DateTimeOffset SeededTime(DateTimeOffset start, int i) =>
        start.AddSeconds(i / 5).AddTicks(new Random(HashCode.Combine(start.Ticks, i / 5)).Next(0, 10_000_000));
}
