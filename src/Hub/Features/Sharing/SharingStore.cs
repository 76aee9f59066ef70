using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Sharing;

public static class SharingStore
{
    /// <summary>
    /// The read models of sharing (inline: a department reads its own write) and the decision states, which are
    /// aggregated live from their streams when a command loads them.
    /// </summary>
    public static StoreOptions AddSharing(this StoreOptions opts)
    {
        opts.Projections.Add<ResourceProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ShareRequestProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ExchangeProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<QualityReportProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<DisputeProjection>(ProjectionLifecycle.Inline);
        opts.Projections.LiveStreamAggregation<Resource>();
        opts.Projections.LiveStreamAggregation<ShareRequest>();
        opts.Projections.LiveStreamAggregation<Exchange>();
        opts.Projections.LiveStreamAggregation<QualityReport>();
        opts.Projections.LiveStreamAggregation<Dispute>();
        opts.Schema.For<ExchangePickup>();
        opts.Listeners.Add(new ExchangeSignals.Listener());
        return opts;
    }
}
