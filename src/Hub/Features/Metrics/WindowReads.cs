using Marten;

namespace OneThing.Hub.Features.Metrics;

/// <summary>Reads a window's buckets by their ids: at most 60 documents, found by primary key.</summary>
public static class WindowReads
{
    public static async Task<WindowFigures> Figures(IQuerySession session, MetricWindow window, CancellationToken ct) =>
        WindowFigures.Of(await session.LoadManyAsync<FigureBucket>(ct, window.FigureIds()));

    /// <summary>Each step's bucket, oldest first; a step in which nothing happened has none.</summary>
    public static async Task<IReadOnlyList<(DateTimeOffset From, FigureBucket? Bucket)>> Steps(
        IQuerySession session,
        MetricWindow window,
        CancellationToken ct)
    {
        var ids = window.StepIds();
        var found = (await session.LoadManyAsync<FigureBucket>(ct, ids)).ToDictionary(b => b.Id);
        return [.. window.Steps().Select((from, i) => (from, found.GetValueOrDefault(ids[i])))];
    }
}
