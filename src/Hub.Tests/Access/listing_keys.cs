using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure.Auth;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Access;

/// <summary>
/// GET /api/departments/{code}/keys, paged in the order the keys were issued. A thousand keys are stored as their
/// projection would store them (stamped with their digest; their secrets were never made, so none of them opens
/// anything), beside the unit's real ones; enrolling a thousand would take minutes.
/// </summary>
public sealed class listing_keys(HubFixture hub) : IAsyncLifetime
{
    private const string Unit = "garrison";
    private List<ApiKey> _seeded = [];

    public async ValueTask InitializeAsync()
    {
        var start = hub.Clock.GetUtcNow().AddDays(-Random.Shared.Next(1, 300));
        _seeded = [.. Enumerable.Range(0, 1000).Select(i => DocumentDigests.Stamp(new ApiKey
        {
            Id = ApiKeySecret.New().KeyId, Hash = new string('0', 64), Department = Unit, Role = Roles.Department,
            Label = $"seeded {i}", IssuedAt = Pages.SeededTime(start, i), ExpiresAt = start.AddDays(365),
        }))];
        await hub.Store.BulkInsertAsync(_seeded);
    }

    public async ValueTask DisposeAsync()
    {
        await using var session = hub.Store.LightweightSession();
        foreach (var key in _seeded) session.Delete<ApiKey>(key.Id);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task the_unit_and_the_coordinator_page_through_every_key_once_in_order_without_secrets()
    {
        await using var session = hub.Store.QuerySession();
        var all = await session.Query<ApiKey>().Where(k => k.Department == Unit).ToListAsync();
        var expected = all.InListOrder(k => k.IssuedAt, k => k.Id).Select(k => k.Id).ToList();
        Assert.True(expected.Count > 1000);

        foreach (var (key, limit) in new[] { (hub.Department(Unit), 37), (hub.Keys.Coordinator, 500) })
        {
            var listed = await hub.Host.All<ApiKeyInfo>($"/api/departments/{Unit}/keys", key, limit);
            Assert.Equal(expected, listed.Select(k => k.KeyId));
            Assert.All(listed, k => Assert.Equal(Unit, k.Department));
        }
        var text = (await hub.Host.Get($"/api/departments/{Unit}/keys?limit=500", hub.Keys.Coordinator)).ReadAsText();
        Assert.DoesNotContain(new string('0', 64), text);
    }

    [Fact]
    public async Task another_unit_and_other_roles_may_not_list_them_and_bad_paging_is_refused()
    {
        foreach (var key in new[] { hub.Department("tax"), hub.Keys.Governance, hub.Keys.DataCentre })
            (await hub.Host.Get($"/api/departments/{Unit}/keys", key, 403)).Problem();
        await hub.Host.RefusesBadPaging($"/api/departments/{Unit}/keys", hub.Department(Unit), ListKeysEndpoint.List);
    }
}
