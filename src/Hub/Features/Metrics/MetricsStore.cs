using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Metrics;

public static class MetricsStore
{
    /// <summary>The async daemon's one shard of the big data centre's figures (rebuild it by this name).</summary>
    public const string FiguresShard = "Figures";

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
        opts.Schema.For<SlaBreachDoc>().Index(x => x.NoticedAt);
        opts.Projections.Add<ServiceSlaProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
