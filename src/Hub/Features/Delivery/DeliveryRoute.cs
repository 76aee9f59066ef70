using OneThing.Hub.Infrastructure;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.RabbitMQ;

namespace OneThing.Hub.Features.Delivery;

/// <summary>
/// Where work for departments waits. One node: a durable local queue handled many at a time. Several nodes: one
/// durable RabbitMQ queue that every node consumes, so any node delivers what any other accepted. Either way a
/// failing webhook's retries are scheduled out of the queue, not waited for in it, so one department's outage
/// does not hold up another's work.
/// </summary>
/// <remarks>
/// Messages go by routing rules, not to an explicit destination per department: Wolverine 6.62 stores a message
/// sent explicitly to a durable local queue in a state its crash recovery does not look at, and a hub killed before
/// handling it would lose it (found by the_hub_killed_mid_load).
/// </remarks>
public static class DeliveryRoute
{
    public const string LocalQueue = "deliveries";
    public const string SharedQueue = "onething.deliveries";
    private const int Parallel = 16;

    /// <summary>After <see cref="HubMessaging.Configure"/>, which sets up RabbitMQ when the hub runs clustered.
    /// </summary>
    public static WolverineOptions AddDelivery(this WolverineOptions opts, HubOptions hub)
    {
        if (hub.RabbitMq is null) Local(opts);
        else Shared(opts);
        // A webhook that is down: retried later (durably, not holding the queue), then dead-lettered for replay.
        // Its department sees it in its own dead letters (RecordDeadLetter).
        opts.OnException<DeliveryFailedException>().ScheduleRetry([.. hub.DeliveryRetries]).Then.MoveToErrorQueue()
            .And(RecordDeadLetter.Record, RecordDeadLetter.Description);
        return opts;
    }

    private static void Local(WolverineOptions opts)
    {
        opts.PublishMessage<DeliverToDepartment>().ToLocalQueue(LocalQueue);
        opts.LocalQueue(LocalQueue).MaximumParallelMessages(Parallel);   // durable, as every local queue (HubMessaging)
    }

    private static void Shared(WolverineOptions opts)
    {
        opts.PublishMessage<DeliverToDepartment>().ToRabbitQueue(SharedQueue);
        opts.ListenToRabbitQueue(SharedQueue).UseDurableInbox().MaximumParallelMessages(Parallel);
    }
}
