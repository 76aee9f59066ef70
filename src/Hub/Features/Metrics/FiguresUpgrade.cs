using Marten;
using Marten.Schema;
using Npgsql;

namespace OneThing.Hub.Features.Metrics;

/// <summary>
/// The six figure projections once ran as six shards; now they run as one composite, <c>Figures</c>, whose progress
/// is its own row. On a database from before, that row is missing while the six old rows and their documents are
/// there: the composite would start from the first event and count everything a second time on top of them. So,
/// once, before the daemon starts (Marten applies initial data ahead of it): the old figures and rows go, in one
/// transaction, and the composite builds the figures again from the event log. Idempotent, and a no-op on any other
/// database.
/// </summary>
public sealed class FiguresUpgrade : IInitialData
{
    /// <summary>The progress rows of the six shards before they were one composite (their projections' names).
    /// </summary>
    internal static readonly string[] OldShards =
    [
        "DepartmentFigures:All",
        "ResourceFigures:All",
        "OneThingFigures:All",
        "DayFigures:All",
        "YearFigures:All",
        "OneThing.Hub.Features.Metrics.SlaBreachProjection:All",
    ];

    public async Task Populate(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var composite = $"{MetricsStore.FiguresShard}:All";
        var rows = await session.QueryAsync<string>(
            "select name from hub.mt_event_progression where name = any(?) or name = ?", ct, OldShards, composite);
        if (rows.Contains(composite) || rows.Count == 0) return;

        session.DeleteWhere<DepartmentFigures>(_ => true);
        session.DeleteWhere<ResourceFigures>(_ => true);
        session.DeleteWhere<OneThingFigures>(_ => true);
        session.DeleteWhere<DayFigures>(_ => true);
        session.DeleteWhere<YearFigures>(_ => true);
        session.DeleteWhere<SlaBreachDoc>(_ => true);
        session.QueueSqlCommand("delete from hub.mt_event_progression where name = any(?)", (object)OldShards);
        await session.SaveChangesAsync(ct);
    }
}
