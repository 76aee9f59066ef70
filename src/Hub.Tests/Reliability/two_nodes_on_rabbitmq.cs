using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Tests.Infrastructure;
using RabbitMQ.Client;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// Two hub nodes on one PostgreSQL, with RabbitMQ between them: clients and department systems use both, as behind
/// a load balancer. One node is killed under load; the other takes over its messages and its projections.
/// </summary>
public sealed class two_nodes_on_rabbitmq(ITestOutputHelper output)
{
    [Fact]
    public async Task one_node_killed_under_load_loses_nothing_and_the_metrics_keep_moving()
    {
        var rabbit =
            Environment.GetEnvironmentVariable("HUB_TEST_RABBITMQ")
            ?? throw new InvalidOperationException(
                "The scale-out test needs RabbitMQ: ./hub.sh test starts one and sets HUB_TEST_RABBITMQ."
            );
        await EmptyQueue(rabbit);
        await using var rig = await Rig.Start(
            await Processes.Database("onething_cluster"),
            nodes: 2,
            new() { ["HUB_RABBITMQ"] = rabbit, ["HUB_NODE_HEALTH_MS"] = "1000" }
        );
        // Wolverine has given the async projections to the nodes: both run some, or one runs all.
        await LiveHub.Eventually(
            () => rig.Scalar("select count(*) from hub.wolverine_node_assignments"),
            n => n > 0,
            TimeSpan.FromSeconds(60),
            "projections assigned to nodes"
        );

        // The first node started is the leader and runs some agents: killing it makes the other take them over.
        const string onFirstNode =
            "select count(*) from hub.wolverine_node_assignments a join hub.wolverine_nodes n on n.id = a.node_id "
            + "where n.node_number = (select min(node_number) from hub.wolverine_nodes)";
        var agentsOnKilledNode = await rig.Scalar(onFirstNode);
        Assert.True(agentsOnKilledNode > 0, "the node to be killed runs agents");

        var load = new Load(rig);
        var running = load.Run(workers: 8, duration: TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(5));
        await rig.Kill(0);
        await running;

        var ledger = await Ledger.Settle(
            nameof(two_nodes_on_rabbitmq),
            rig,
            load,
            faults: 1,
            within: TimeSpan.FromSeconds(120)
        );
        ledger.AssertNothingLostNothingTwice(output, load.Surprises);

        // The survivor runs every projection now: the metrics count what the store holds.
        var submitted = await rig.Scalar("select count(*) from hub.mt_events where type = 'application_submitted'");
        var finished = await rig.Scalar(
            "select count(*) from hub.mt_events where type = 'application_results_delivered'"
        );
        var metrics = await LiveHub.Eventually(
            () => rig.Get<OneThingMetricsList>(rig.Keys.DataCentre, "/api/metrics/one-things", node: 1),
            m =>
                m.OneThings.SingleOrDefault(t => t.OneThing == "newborn") is { } t
                && t.Applications == submitted
                && t.Finished == finished,
            TimeSpan.FromSeconds(60),
            "the metrics caught up on the surviving node"
        );
        // Every agent now runs on a node that is alive (the dead one missed its health checks and was dropped).
        Assert.Equal(
            0,
            await rig.Scalar(
                "select count(*) from hub.wolverine_node_assignments a where not exists (select 1 from "
                + "hub.wolverine_nodes n where n.id = a.node_id and n.health_check > now() - interval '10 seconds')"
            )
        );
        output.WriteLine($"agents taken over from the killed node: {agentsOnKilledNode}");
        output.WriteLine(
            "newborn applications in the metrics: "
            + $"{metrics.OneThings.Single(t => t.OneThing == "newborn").Applications}"
        );
    }

    /// <summary>The shared delivery queue may hold messages of an earlier run against another database.</summary>
    private static async Task EmptyQueue(string rabbit)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(rabbit) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(DeliveryRoute.SharedQueue);
    }
}
