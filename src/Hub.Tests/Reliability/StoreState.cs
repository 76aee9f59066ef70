using Marten;
using Marten.Events;
using Marten.Events.Daemon.Coordination;
using Npgsql;
using OneThing.Hub.Tests.Infrastructure;
using Wolverine.Tracking;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// What the hub has stored: the events (but the delivery log), and each table of the hub's schema, by rows and last
/// change. Left out are tables that change on their own while earlier tests' work settles, and the event tables,
/// which EventCount and the correlation ids cover.
/// </summary>
public sealed record StoreState(long Events, IReadOnlyDictionary<string, string> Tables)
{
    private static readonly HashSet<string> Moving =
    [
        "mt_events",
        "mt_streams", // the delivery log grows in the background: see HubFixture.EventCount
        "mt_event_progression", // the async daemon's positions
        "audit_chain",
        "audit_seals",
        "audit_key", // the hash chain extends over earlier events, signed by a key made on first use
        "idempotency", // answers kept for a replay, refusals included: not domain data
        "mt_doc_inboxitem", // filled and leased by the background delivery of earlier tests' messages
    ];

    /// <summary>The state once earlier tests' background work has stopped moving it (or after 20 seconds).</summary>
    public static async Task<StoreState> Settled(HubFixture hub)
    {
        var last = await Take(hub);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(1000);
            var now = await Take(hub);
            if (now.Describe() == last.Describe())
                return now;
            last = now;
        }
        return last;
    }

    public IEnumerable<string> Differences(StoreState after, long readsRecorded)
    {
        if (after.Events - readsRecorded != Events)
            yield return $"events: {Events} before, {after.Events} after ({readsRecorded} recorded reads)";
        foreach (var (table, state) in Tables)
            if (after.Tables.GetValueOrDefault(table) != state)
                yield return $"{table}: {state} before, {after.Tables.GetValueOrDefault(table)} after";
    }

    public static async Task<StoreState> Take(HubFixture hub)
    {
        await hub.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<(string Name, bool Modified)>();
        await using (
            var list = new NpgsqlCommand(
                """
                select t.table_name, exists (select 1 from information_schema.columns c where c.table_schema = 'hub'
                    and c.table_name = t.table_name and c.column_name = 'mt_last_modified')
                from information_schema.tables t where t.table_schema = 'hub' and t.table_type = 'BASE TABLE' order by 1
                """,
                connection
            )
        )
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync())
                tables.Add((r.GetString(0), r.GetBoolean(1)));

        var state = new SortedDictionary<string, string>();
        // Wolverine's node, lease and envelope tables move with the node's own work and earlier tests' deliveries; a
        // message a request sent goes with its events, which are counted.
        foreach (
            var (name, modified) in tables.Where(t => !Moving.Contains(t.Name) && !t.Name.StartsWith("wolverine_"))
        )
        {
            await using var count = new NpgsqlCommand(
                "select count(*)::text || ' rows' || "
                + (modified ? "', last ' || coalesce(max(mt_last_modified)::text, '-')" : "''")
                + $" from hub.\"{name}\"",
                connection
            );
            state[name] = (string)(await count.ExecuteScalarAsync())!;
        }
        return new StoreState(await hub.EventCount(), state);
    }

    public static async Task<long> EventsCorrelatedWith(HubFixture hub, string prefix, string suffix = "")
    {
        await using var session = hub.Store.QuerySession();
        return await session
            .Events.QueryAllRawEvents()
            .Where(e => e.CorrelationId!.StartsWith(prefix) && e.CorrelationId.EndsWith(suffix))
            .LongCountAsync();
    }

    /// <summary>What the hub records of reads (refused licence pulls, audit exports): type and count.</summary>
    public static async Task<string> ReadsRecorded(HubFixture hub, string prefix, string suffix)
    {
        await using var session = hub.Store.QuerySession();
        var events = await session
            .Events.QueryAllRawEvents()
            .Where(e => e.CorrelationId!.StartsWith(prefix) && e.CorrelationId.EndsWith(suffix))
            .ToListAsync();
        return string.Join(", ", events.CountBy(e => e.EventTypeName).Select(t => $"{t.Value} {t.Key}"));
    }

    public string Describe() => $"{Events} events\n" + string.Join("\n", Tables.Select(t => $"{t.Key}: {t.Value}"));
}
