using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Platform;
using RabbitMQ.Client;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// Two hub nodes on one PostgreSQL, with RabbitMQ between them: clients and department systems use both, as behind
/// a load balancer. One node is killed under load; the other takes over its messages and its projections.
/// </summary>
public sealed class two_nodes_on_rabbitmq(ITestOutputHelper output)
{
    /// <summary>How many failovers one run of the test makes: 1, or HUB_FAILOVER_RUNS (./hub.sh failover-loop N).
    /// </summary>
    private static int Runs() =>
        int.TryParse(Environment.GetEnvironmentVariable("HUB_FAILOVER_RUNS"), out var n) && n > 0 ? n : 1;

    /// <summary>
    /// The rig starts once; each failover then kills the leader under load and, in a loop, starts it again at once
    /// (as a supervisor would) while the survivor ejects it and recovers its work, so the next failover kills the
    /// other node, which leads by then. A loop of many failovers pays for the database, the seeds and the simulator
    /// once: each round is a SIGKILL under load, an ejection, a recovery of the dead node's inbox and outbox and its
    /// agents moving, as a fresh rig's would be.
    /// </summary>
    [Fact]
    public async Task one_node_killed_under_load_loses_nothing_and_the_metrics_keep_moving()
    {
        var rabbit =
            Environment.GetEnvironmentVariable("HUB_TEST_RABBITMQ")
            ?? throw new InvalidOperationException(
                "The scale-out test needs RabbitMQ: ./hub.sh test starts one and sets HUB_TEST_RABBITMQ."
            );
        var runs = Runs();
        var results = Path.Combine(Repo.Root(), ".hub", "failover", "loop.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(results)!);
        await File.WriteAllTextAsync(results, "run\tseconds\trequests\tapplications\texchanges\tlost\t"
                                              + "pending\tdead_letters\tduplicated\tkilled\toutcome\n");
        await EmptyQueue(rabbit);
        await using var rig = await Rig.Start(
            await Processes.Database("onething_cluster"),
            nodes: 2,
            new()
            {
                ["HUB_RABBITMQ"] = rabbit,
                ["HUB_NODE_HEALTH_MS"] = "1000",
                // Node ejection, envelope recovery and agent moves, for the post-mortem of a failed run.
                ["Logging__LogLevel__Wolverine"] = "Information",
            }
        );
        var failures = new List<string>();
        for (var run = 1; run <= runs; run++)
        {
            var started = DateTime.UtcNow;
            var victim = (run - 1) % 2;
            var (ledger, failure, capture) = await Failover(rig, run, victim, restart: run < runs);
            var line = $"{run}\t{(DateTime.UtcNow - started).TotalSeconds:F0}\t" + (ledger is null
                ? "\t\t\t\t\t\t\t"
                : $"{ledger.Requests}\t{ledger.ApplicationsAccepted}\t{ledger.ExchangesAccepted}\t{ledger.Lost}\t"
                  + $"{ledger.MessagesPending}\t{ledger.DeadLetters}\t{ledger.ProcessedTwice}\t")
                + $"node {victim}\t"
                + (failure is null ? "clean" : $"FAILED {capture} {failure.Message.ReplaceLineEndings(" ")}");
            output.WriteLine(line);
            await File.AppendAllTextAsync(results, line + "\n");
            if (failure is not null)
                failures.Add($"run {run}: {failure.Message} (captured in {capture})");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// One failover: load from 8 clients, the leading node killed with SIGKILL once it takes work, then
    /// everything accepted must finish once and the survivor run every agent. A failover that fails is captured
    /// (FailoverCapture) before anything else moves.
    /// </summary>
    private async Task<(Ledger?, Exception?, string?)> Failover(Rig rig, int run, int victim, bool restart)
    {
        var survivor = 1 - victim;
        var load = new Load(rig);
        var killedAt = DateTimeOffset.MinValue;
        Ledger? ledger = null;
        try
        {
            // Wolverine has given the async projections to the nodes: both run some, or one runs all.
            await LiveHub.Eventually(
                () => rig.Scalar("select count(*) from hub.wolverine_node_assignments"),
                n => n > 0,
                TimeSpan.FromSeconds(60),
                "projections assigned to nodes"
            );

            // The node started first of the living leads and runs agents: killing it makes the other take them over.
            const string onLeader =
                "select count(*) from hub.wolverine_node_assignments a join hub.wolverine_nodes n on n.id = "
                + "a.node_id where n.node_number = (select min(node_number) from hub.wolverine_nodes)";
            var agentsOnKilledNode = await rig.Scalar(onLeader);
            Assert.True(agentsOnKilledNode > 0, "the node to be killed runs agents");

            // The kill comes once the load (sent to both nodes in turn) is being taken, and the load goes on until
            // the survivor has taken more: a fixed window, on a loaded machine, could end before anything was
            // accepted.
            using var stop = new CancellationTokenSource();
            var running = load.Run(workers: 8, duration: TimeSpan.FromMinutes(4), stop.Token);
            await load.Taking("the load taken before the kill");
            await Task.Delay(TimeSpan.FromSeconds(3));
            killedAt = DateTimeOffset.UtcNow;
            await rig.Kill(victim);
            var restarted = restart ? rig.StartNode(victim) : Task.CompletedTask;
            await Task.Delay(TimeSpan.FromSeconds(5));
            await load.Taking("the survivor taking work after the kill");
            await stop.CancelAsync();
            await running;

            ledger = await Ledger.Settle(
                nameof(two_nodes_on_rabbitmq),
                rig,
                load,
                faults: 1,
                within: TimeSpan.FromSeconds(120)
            );
            ledger.AssertNothingLostNothingTwice(output, load.Surprises);

            // The survivor runs every projection now: the metrics count what the store holds.
            var submitted = await rig.Scalar(
                "select count(*) from hub.mt_events where type = 'application_submitted'");
            var finished = await rig.Scalar(
                "select count(*) from hub.mt_events where type = 'application_results_delivered'"
            );
            var metrics = await LiveHub.Eventually(
                () => rig.Get<OneThingMetricsList>(rig.Keys.DataCentre, "/api/metrics/one-things", node: survivor),
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
                    + "hub.wolverine_nodes n where n.id = a.node_id and n.health_check > now() - "
                    + "interval '10 seconds')"
                )
            );
            await restarted;
            output.WriteLine($"agents taken over from the killed node: {agentsOnKilledNode}");
            output.WriteLine(
                "newborn applications in the metrics: "
                + $"{metrics.OneThings.Single(t => t.OneThing == "newborn").Applications}"
            );
            return (ledger, null, null);
        }
        catch (Exception failure)
        {
            try
            {
                var capture = await FailoverCapture.Take(rig, load, run, killedAt, ledger, failure);
                return (ledger, failure, Path.GetRelativePath(Repo.Root(), capture));
            }
            catch (Exception e)
            {
                return (ledger, failure, $"(capture failed: {e.Message})");
            }
        }
    }

    /// <summary>The shared delivery queue may hold messages of an earlier run against another database.</summary>
    private static async Task EmptyQueue(string rabbit)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(rabbit) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(DeliveryRoute.SharedQueue);
    }
}
