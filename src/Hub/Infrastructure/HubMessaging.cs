using JasperFx.CodeGeneration;
using OneThing.Hub.Features.Delivery;
using Wolverine;
using Wolverine.ErrorHandling;

namespace OneThing.Hub.Infrastructure;

/// <summary>Wolverine: transactional outbox on Marten, durable local queues, webhook retries that end in dead letters.</summary>
public static class HubMessaging
{
    public static void Configure(WolverineOptions opts, HubOptions hub)
    {
        opts.ApplicationAssembly = typeof(Program).Assembly;
        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
        opts.EnableRelayOfUserName = true;
        opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
        opts.Durability.ScheduledJobPollingTime = hub.SchedulePolling;
        opts.Policies.Add<HandlerMetadataPolicy>();

        // A webhook that is down: retried later (durably, not holding the queue), then dead-lettered for replay.
        opts.OnException<DeliveryFailedException>().ScheduleRetry([.. hub.DeliveryRetries]).Then.MoveToErrorQueue();
    }
}
