using JasperFx.Events.Projections;
using Marten;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Metrics;

public static class MetricsStore
{
    /// <summary>The async daemon's one shard of the big data centre's figures (rebuild it by this name).</summary>
    public const string FiguresShard = "Figures";

    /// <summary>The daemon's shard of the figures by minute, hour, day and month, and of the open deadlines: a
    /// composite of its own, so that a database from before it builds them from the whole event log (a new part in
    /// <see cref="FiguresShard"/> would start where the others are).</summary>
    public const string WindowsShard = "Windows";

    /// <summary>
    /// The big data centre's figures, kept by the async daemon and never computed from raw events at read time, and
    /// the SLA definitions. The six figure projections read the same events: run together as one composite shard,
    /// they share one event fetch, one transaction and one wake-up per batch instead of six (docs/BENCHMARKS.md).
    /// </summary>
    public static StoreOptions AddMetrics(this StoreOptions opts)
    {
        opts.Projections.CompositeProjectionFor(FiguresShard, figures =>
        {
            figures.Add<DepartmentFiguresProjection>();
            figures.Add<ResourceFiguresProjection>();
            figures.Add<OneThingFiguresProjection>();
            figures.Add<DayFiguresProjection>();
            figures.Add<YearFiguresProjection>();
            figures.Add(new SlaBreachProjection());
        });
        opts.Projections.CompositeProjectionFor(WindowsShard, windows =>
        {
            windows.Add<FigureBucketProjection>();
            windows.Add<Calendar.OpenDeadlineProjection>();
        });
        opts.Schema.For<Calendar.OpenDeadline>().Index(x => x.DueAt);
        // The breach list's order, newest first (ListSlaBreachesEndpoint), read backwards.
        opts.Schema.For<SlaBreachDoc>().Listed("listed", x => x.NoticedAt, x => x.Id);
        // A shard of its own, outside the composite: a hub that gains it builds it from the whole event log on its
        // first start, with no rebuild of the figures (the yearly targets read it by year).
        opts.Projections.Add<OneThingLaunchProjection>(ProjectionLifecycle.Async);
        opts.Schema.For<OneThingLaunch>().Index(x => x.Year);
        opts.Projections.Add<ServiceSlaProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
