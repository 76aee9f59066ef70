using System.Linq.Expressions;
using JasperFx.Events.Projections;
using Marten;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Sharing;

public static class SharingStore
{
    /// <summary>
    /// The read models of sharing (inline: a department reads its own write) and the decision states, which are
    /// aggregated live from their streams when a command loads them. Each list (SharingLists) has an index per filter
    /// and per party, ending in its order.
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
        Listed(opts.Schema.For<ShareRequestView>(), ListShareRequestsEndpoint.Shape);
        Listed(opts.Schema.For<ExchangeView>(), ListExchangesEndpoint.Shape);
        Listed(opts.Schema.For<QualityReportView>(), ListQualityReportsEndpoint.Shape);
        Listed(opts.Schema.For<DisputeView>(), ListDisputesEndpoint.Shape);
        opts.Listeners.Add(new ExchangeSignals.Listener());
        return opts;
    }

    private static void Listed<T>(MartenRegistry.DocumentMappingExpression<T> mapping, SharingListShape<T> shape)
    {
        Expression<Func<T, object>> Boxed<TValue>(Expression<Func<T, TValue>> member) =>
            Expression.Lambda<Func<T, object>>(Expression.Convert(member.Body, typeof(object)), member.Parameters);
        var (at, id) = (Boxed(shape.At), Boxed(shape.Id));
        mapping.Listed("listed", at, id)
            .Listed("consumer_listed", Boxed(shape.Consumer), at, id)
            .Listed("provider_listed", Boxed(shape.Provider), at, id)
            .Listed("resource_listed", Boxed(shape.Resource), at, id)
            .Listed("state_listed", Boxed(shape.State), at, id);
    }
}
