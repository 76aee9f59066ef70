using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Delivery;

public static class DeliveryStore
{
    /// <summary>Channels inline (a delivery reads its department's at once); inbox items queried by department.
    /// </summary>
    public static StoreOptions AddDelivery(this StoreOptions opts)
    {
        opts.Projections.Add<DeliveryChannelProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<InboxItem>().Index(x => x.Department).Index(x => x.EnqueuedAt);
        opts.Schema.For<WebhookSecret>();
        return opts;
    }
}
