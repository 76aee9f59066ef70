using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Metrics;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Metrics;

/// <summary>
/// GET /api/sla/breaches keeps round 1's answer ({ freshness, count, breaches }, newest first, ?limit= up to 1000,
/// 100 by default) and pages with a cursor. A thousand breaches are stored as the async projection would store them,
/// noticed far ahead of any real one, so that they are the first thousand of the list.
/// </summary>
public sealed class paging_sla_breaches(HubFixture hub) : IAsyncLifetime
{
    private readonly DateTimeOffset _start = new DateTimeOffset(2095, 1, 1, 0, 0, 0, TimeSpan.Zero)
        .AddMinutes(Random.Shared.Next(0, 1_000_000));
    private List<SlaBreachDoc> _seeded = [];

    public async ValueTask InitializeAsync()
    {
        _seeded = [.. Enumerable.Range(0, 1000).Select(i => new SlaBreachDoc
        {
            Id = Guid.NewGuid().ToString(), Kind = "service-overdue", Subject = $"{Guid.NewGuid()}/a-service",
            Department = i % 2 == 0 ? "tax" : "health", DueAt = _start, NoticedAt = Pages.SeededTime(_start, i),
            Detail = "a-service past its committed time limit",
        })];
        await hub.Store.BulkInsertAsync(_seeded);
    }

    public async ValueTask DisposeAsync()
    {
        await using var session = hub.Store.LightweightSession();
        session.DeleteWhere<SlaBreachDoc>(b => b.NoticedAt >= _start);
        await session.SaveChangesAsync();
    }

    private async Task<(List<SlaBreach> Rows, int Count)> FirstThousand(int limit)
    {
        var rows = new List<SlaBreach>();
        var count = 0;
        string? after = null;
        do
        {
            var page = (await hub.Host.Get($"/api/sla/breaches?limit={limit}"
                + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"), hub.Keys.DataCentre))
                .Read<SlaBreachList>();
            Assert.True(page.Breaches.Count == limit || page.Next is null);
            (count, after) = (page.Count, page.Next);
            rows.AddRange(page.Breaches);
        } while (after is not null && rows.Count < 1000);
        return (rows, count);
    }

    [Theory]
    [InlineData(37)]
    [InlineData(1000)]
    public async Task the_data_centre_pages_through_every_breach_once_newest_first(int limit)
    {
        var (rows, count) = await FirstThousand(limit);

        var expected = _seeded.InListOrder(b => b.NoticedAt, b => b.Id, newestFirst: true).Select(b => b.Id);
        Assert.Equal(expected, rows.Take(1000).Select(b => b.Id));
        await using var session = hub.Store.QuerySession();
        Assert.Equal(await session.Query<SlaBreachDoc>().CountAsync(), count);
    }

    [Fact]
    public async Task round_1_clients_get_a_hundred_and_the_same_members()
    {
        var page = (await hub.Host.Get("/api/sla/breaches", hub.Keys.DataCentre)).Read<SlaBreachList>();
        Assert.Equal(100, page.Breaches.Count);
        Assert.NotNull(page.Next);
        Assert.True(page.Count >= 1000);
        Assert.NotNull(page.Freshness);
    }

    [Fact]
    public async Task only_the_data_centre_lists_them_and_bad_cursors_and_limits_are_refused()
    {
        foreach (var key in new[] { hub.Keys.Coordinator, hub.Keys.Governance, hub.Department("tax") })
            (await hub.Host.Get("/api/sla/breaches", key, 403)).Problem();
        await hub.Host.RefusesBadPaging("/api/sla/breaches", hub.Keys.DataCentre, ListSlaBreachesEndpoint.List,
            maxLimit: 1000);
    }
}
