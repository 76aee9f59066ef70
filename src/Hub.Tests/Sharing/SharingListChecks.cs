using Marten;
using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Sharing;

/// <summary>A row of a sharing list as the checks seed it: who with whom, about what, in which state, when.</summary>
public sealed record SeededRow(string Id, string Consumer, string Provider, string Resource, string State,
    DateTimeOffset At);

/// <summary>
/// What every sharing list (share requests, exchanges, quality reports, disputes) must show, run once per list by
/// the classes that derive from it: a thousand rows, stored as the views their events would project (the lists read
/// only those; a thousand exchanges through real providers would take minutes), under a resource of their own so that
/// other tests' rows stay out, then paged by each party, the coordinating office and the roles that may not list.
/// </summary>
public abstract class SharingListChecks<TView, TItem>(HubFixture hub) : IAsyncLifetime
    where TView : notnull
{
    protected readonly HubFixture Hub = hub;
    // Four units that consume and provide; garrison takes no part.
    private static readonly string[] Parties = ["tax", "health", "public-security", "market-regulation"];
    private const string Outsider = "garrison";

    private readonly string _resource = $"lists-{Guid.NewGuid():N}"[..20];
    private readonly DateTimeOffset _start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)
        .AddMinutes(Random.Shared.Next(0, 5_000_000));
    private List<SeededRow> _seeded = [];

    protected abstract string Url { get; }
    protected abstract string List { get; }
    protected abstract IReadOnlyList<string> States { get; }
    protected abstract TView View(SeededRow row);
    protected abstract string IdOf(TItem item);
    protected abstract (string Consumer, string Provider, string Resource, string State) PartiesOf(TItem item);

    private string OtherResource => _resource + "-b";

    public async ValueTask InitializeAsync()
    {
        _seeded = [.. Enumerable.Range(0, 1050).Select(i => new SeededRow(
            Guid.NewGuid().ToString(),
            Parties[i % 4],
            Parties[(i % 4 + 1 + i / 4 % 3) % 4],
            i < 1000 ? _resource : OtherResource,
            States[i / 3 % States.Count],
            Pages.SeededTime(_start, i)))];
        await Hub.Store.BulkInsertAsync(_seeded.Select(View).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        await using var session = Hub.Store.LightweightSession();
        foreach (var row in _seeded) session.Delete<TView>(row.Id);
        await session.SaveChangesAsync();
    }

    private async Task<List<TItem>> Listed(string key, string query = "", int limit = 37, string? resource = null) =>
        await Hub.Host.All<TItem>($"{Url}?resource={resource ?? _resource}{query}", key, limit);

    private List<string> Expected(Func<SeededRow, bool> visible, string? resource = null) =>
        [.. _seeded.Where(r => r.Resource == (resource ?? _resource) && visible(r))
            .InListOrder(r => r.At, r => r.Id).Select(r => r.Id)];

    [Fact]
    public async Task a_party_pages_through_its_own_side_once_each_in_order()
    {
        foreach (var party in new[] { "tax", "public-security" })
        {
            var listed = await Listed(Hub.Department(party));
            Assert.Equal(Expected(r => r.Consumer == party || r.Provider == party), listed.Select(IdOf));
            Assert.All(listed, i => Assert.Contains(party, new[] { PartiesOf(i).Consumer, PartiesOf(i).Provider }));
        }
    }

    [Fact]
    public async Task a_unit_that_is_no_party_sees_none()
    {
        Assert.Empty(await Listed(Hub.Department(Outsider), limit: 500));
    }

    [Fact]
    public async Task the_coordinating_office_sees_them_all_and_other_roles_none()
    {
        Assert.Equal(Expected(_ => true), (await Listed(Hub.Keys.Coordinator, limit: 500)).Select(IdOf));
        Assert.Equal(Expected(_ => true), (await Listed(Hub.Keys.Coordinator, limit: 11)).Select(IdOf));
        foreach (var key in new[] { Hub.Keys.Governance, Hub.Keys.DataCentre })
            (await Hub.Host.Get($"{Url}?resource={_resource}", key, 403)).Problem();
        await Hub.Host.Get(Url, null, 401);
    }

    [Fact]
    public async Task filters_narrow_the_list_for_every_caller()
    {
        var coordinator = Hub.Keys.Coordinator;
        var state = States[1];
        Assert.Equal(Expected(_ => true, OtherResource),
            (await Listed(coordinator, resource: OtherResource)).Select(IdOf));
        Assert.Equal(50, (await Listed(coordinator, resource: OtherResource)).Count);
        Assert.Equal(Expected(r => r.State == state), (await Listed(coordinator, $"&state={state}")).Select(IdOf));
        Assert.Equal(Expected(r => r.Consumer == "health" && r.Provider == "tax"),
            (await Listed(coordinator, "&consumer=health&provider=tax")).Select(IdOf));
        Assert.All(await Listed(coordinator, $"&provider=health&state={state}"),
            i => Assert.Equal(("health", _resource, state), (PartiesOf(i).Provider, PartiesOf(i).Resource,
                PartiesOf(i).State)));

        // A party narrows its own side and never sees another's: tax as provider only, then with health as consumer.
        var tax = Hub.Department("tax");
        Assert.Equal(Expected(r => r.Provider == "tax"), (await Listed(tax, "&provider=tax")).Select(IdOf));
        Assert.Equal(Expected(r => r.Provider == "tax" && r.Consumer == "health" && r.State == state),
            (await Listed(tax, $"&consumer=health&state={state}")).Select(IdOf));
        Assert.Empty(await Listed(tax, "&consumer=health&provider=public-security"));
    }

    [Fact]
    public async Task bad_cursors_limits_and_filters_are_refused_with_problem_details()
    {
        var key = Hub.Department("tax");
        await Hub.Host.RefusesBadPaging($"{Url}?resource={_resource}", key, List);
        foreach (var query in new[] { "state=lost", "resource=NOT%20A%20CODE", "consumer=%F0%9F%98%80",
                     "provider=a--b" })
            (await Hub.Host.Get($"{Url}?{query}", key, 400)).Problem();
    }
}
