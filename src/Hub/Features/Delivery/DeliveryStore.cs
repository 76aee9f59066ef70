using JasperFx.Events.Projections;
using Marten;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Delivery;

public static class DeliveryStore
{
    /// <summary>Channels inline (a delivery reads its department's at once); inbox items queried by department; the
    /// delivery log and the dead letters inline, each filter of their lists an index ending in the list's order.
    /// </summary>
    public static StoreOptions AddDelivery(this StoreOptions opts)
    {
        opts.Projections.Add<DeliveryChannelProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<DeliveryAttemptProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<DeadLetterProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<InboxItem>().Index(x => x.Department).Index(x => x.EnqueuedAt);
        opts.Schema.For<WebhookSecret>();
        opts.Schema.For<DeliveryAttemptView>()
            .Listed("department_listed", x => x.Department, x => x.At, x => x.Id)
            .Listed("outcome_listed", x => x.Department, x => x.Outcome, x => x.At, x => x.Id);
        opts.Schema.For<DeadLetterView>()
            .Listed("department_listed", x => x.Department, x => x.DeadLetteredAt, x => x.Id)
            .Listed("state_listed", x => x.Department, x => x.State, x => x.DeadLetteredAt, x => x.Id);
        return opts;
    }
}
