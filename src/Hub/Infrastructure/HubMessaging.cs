using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx;
using Npgsql;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.RabbitMQ;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Wolverine: transactional outbox on Marten, durable local queues, retries for races and for a database that is
/// away. Features add their own routing and failure policies (Program.cs).
/// </summary>
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

        if (hub.RabbitMq is { } rabbit) Cluster(opts, hub, rabbit);

        // Two handlers appending to one stream at once: the loser runs again on the new state.
        opts.OnException<EventStreamUnexpectedMaxEventIdException>().Or<ConcurrencyException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100),
                TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500));

        // The database away (restarting, failing over): wait for it with growing pauses rather than dead-letter good
        // work. (Marten wraps the driver's exception, so inner ones count too.)
        opts.OnException<NpgsqlException>().OrInner<NpgsqlException>().Or<TimeoutException>()
            .RetryWithCooldown(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))
            .Then.ScheduleRetry(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30),
                TimeSpan.FromSeconds(60))
            .Then.MoveToErrorQueue();
    }

    /// <summary>
    /// Several nodes on one PostgreSQL: they find each other through Wolverine's node registry and talk over RabbitMQ
    /// control queues; features put work that any node may do on durable RabbitMQ queues (competing consumers).
    /// Received messages go to the PostgreSQL inbox before RabbitMQ is acknowledged, and sent ones leave the outbox
    /// once RabbitMQ has confirmed them, so a node that dies loses nothing: its inbox and outbox are handed to the
    /// living nodes once it misses four health checks.
    /// </summary>
    private static void Cluster(WolverineOptions opts, HubOptions hub, Uri rabbit)
    {
        opts.Durability.HealthCheckPollingTime = hub.NodeHealthCheck;
        opts.Durability.StaleNodeTimeout = hub.NodeHealthCheck * 4;
        opts.Durability.CheckAssignmentPeriod = hub.NodeHealthCheck;
        opts.Durability.NodeReassignmentPollingTime = hub.NodeHealthCheck;

        // Dead letters stay in Wolverine's PostgreSQL store, where /api/dead-letters lists and replays them.
        var transport = opts.UseRabbitMq(rabbit).AutoProvision().EnableWolverineControlQueues()
            .DisableDeadLetterQueueing();
        // Publisher confirms. Wolverine's durable sending agent deletes an outbox row as soon as the sender's publish
        // returns, and without confirms RabbitMQ.Client returns once the frames are in its own in-memory write queue:
        // a node killed then had deleted rows of messages that never reached the broker (docs/OPERATIONS.md, "The
        // failover loss"). With confirmation tracking the publish returns when the broker has taken the message (a
        // persistent one into the durable queue), and throws if it refused it, so the row stays for a retry.
        // Wolverine 6.62 turns this on by itself in ServerlessWithOutbox mode only (GH-5016), not in Balanced.
        if (hub.RabbitMqConfirms)
            transport.ConfigureChannelCreation(channel =>
            {
                channel.PublisherConfirmationsEnabled = true;
                channel.PublisherConfirmationTrackingEnabled = true;
            });
    }
}
