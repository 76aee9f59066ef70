using System.Diagnostics;
using System.Net;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// Two hub nodes on hosts of their own, PostgreSQL and RabbitMQ on a third (<see cref="Network"/>), the simulated
/// department systems and the clients outside: started once and shared by the four cases, which run one after the
/// other. Needs root (network namespaces, nftables, tun devices), as `./hub.sh test` runs.
/// </summary>
public sealed class NetworkRig : IAsyncLifetime
{
    public static bool Possible => OperatingSystem.IsLinux() && Environment.UserName == "root";

    public Network Network { get; private set; } = null!;
    public ThrowawayPostgres Postgres { get; private set; } = null!;
    public ThrowawayRabbitMq Broker { get; private set; } = null!;
    public Rig Rig { get; private set; } = null!;
    public Ownership Owners { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!Possible)
            return;
        try
        {
            Network = await Network.Create(nodes: 2);
            var postgres = ThrowawayPostgres.Start(Network.Database);
            var broker = ThrowawayRabbitMq.Start(Network.Database);
            try
            {
                await Task.WhenAll(postgres, broker);
            }
            finally
            {
                Postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null!;
                Broker = broker.IsCompletedSuccessfully ? broker.Result : null!;
            }
            Rig = await Rig.Start(
                await Processes.Database("onething_netfaults", Postgres.Server),
                nodes: 2,
                new()
                {
                    ["HUB_RABBITMQ"] = Broker.Uri.ToString(),
                    // Stale after 8 s: a node starved of CPU on a loaded machine is not taken for cut off.
                    ["HUB_NODE_HEALTH_MS"] = "2000",
                    // Which node started and stopped which agent, with the time, for the post-mortem of a failure.
                    ["Logging__LogLevel__Wolverine.Runtime.Agents"] = "Information",
                    ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
                    ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
                },
                Network
            );
            Owners = await Ownership.Install(Rig.ConnectionString);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Each part is stopped even when another fails to; the network's removal ends whatever is left in it.
        foreach (var part in new IAsyncDisposable?[] { Rig, Broker, Postgres, Network })
        {
            try
            {
                if (part is not null)
                    await part.DisposeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException) { }
        }
    }
}

/// <summary>
/// Network faults under load, one case each: a node cut off from both PostgreSQL and RabbitMQ for 30 s, from
/// RabbitMQ only, from PostgreSQL only, and every node's link to the database host given 200 ms latency and 5 % loss.
/// Each time: nothing accepted is lost, nothing is done twice, and no projection runs on two nodes at once (its
/// progress always moved by the node it was assigned to, and its figures equal to the events).
/// </summary>
public sealed class network_faults(NetworkRig net, ITestOutputHelper output) : IClassFixture<NetworkRig>
{
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(5),
        Tail = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 300_000, Skip = NetworkFaultsOpen.Reason)]
    public async Task a_node_cut_off_from_postgresql_and_rabbitmq_for_30_s_loses_nothing()
    {
        var ports = new[] { net.Postgres.Port, ThrowawayRabbitMq.Port };
        var probe = await Fault(
            nameof(a_node_cut_off_from_postgresql_and_rabbitmq_for_30_s_loses_nothing),
            TimeSpan.FromSeconds(30),
            node => net.Network.Cut(node, ports),
            node => net.Network.Heal(node),
            TestContext.Current.CancellationToken
        );
        probe.AssertUnreadyWhileCutAndReadyAfter(output);
    }

    [Fact(Timeout = 300_000, Skip = NetworkFaultsOpen.Reason)]
    public async Task a_node_cut_off_from_rabbitmq_only_loses_nothing()
    {
        var probe = await Fault(
            nameof(a_node_cut_off_from_rabbitmq_only_loses_nothing),
            TimeSpan.FromSeconds(20),
            node => net.Network.Cut(node, ThrowawayRabbitMq.Port),
            node => net.Network.Heal(node),
            TestContext.Current.CancellationToken
        );
        probe.Report(output);
    }

    [Fact(Timeout = 300_000, Skip = NetworkFaultsOpen.Reason)]
    public async Task a_node_cut_off_from_postgresql_only_goes_unready_and_loses_nothing()
    {
        var probe = await Fault(
            nameof(a_node_cut_off_from_postgresql_only_goes_unready_and_loses_nothing),
            TimeSpan.FromSeconds(20),
            node => net.Network.Cut(node, net.Postgres.Port),
            node => net.Network.Heal(node),
            TestContext.Current.CancellationToken
        );
        probe.AssertUnreadyWhileCutAndReadyAfter(output);
    }

    [Fact(Timeout = 300_000, Skip = NetworkFaultsOpen.Reason)]
    public async Task latency_of_200_ms_and_5_percent_loss_to_the_database_host_lose_nothing()
    {
        var wires = new List<(long Carried, long Dropped)>();
        var probe = await Fault(
            nameof(latency_of_200_ms_and_5_percent_loss_to_the_database_host_lose_nothing),
            TimeSpan.FromSeconds(30),
            async _ =>
            {
                for (var node = 0; node < net.Network.Nodes.Length; node++)
                    await net.Network.Degrade(node, TimeSpan.FromMilliseconds(200), 0.05);
            },
            async _ =>
            {
                for (var node = 0; node < net.Network.Nodes.Length; node++)
                {
                    wires.Add(net.Network.WireFigures(node));
                    await net.Network.Restore(node);
                }
            },
            TestContext.Current.CancellationToken
        );
        probe.Report(output);
        foreach (var (carried, dropped) in wires)
        {
            output.WriteLine($"a wire carried {carried} packets and dropped {dropped}");
            Assert.True(carried > 1000 && dropped > 0, "the nodes' traffic went over the wires");
        }
    }

    /// <summary>
    /// Load from 8 clients; the fault on the node that runs the async projections (the one whose loss moves them),
    /// for <paramref name="length"/>, then healed; then the ledger, the projections' owners and their figures.
    /// </summary>
    private async Task<Readiness> Fault(
        string test,
        TimeSpan length,
        Func<int, Task> cut,
        Func<int, Task> heal,
        CancellationToken ct
    )
    {
        Assert.SkipUnless(NetworkRig.Possible, "Network faults need root on Linux (namespaces, nftables, tun).");
        var rig = net.Rig;
        await Healthy(rig);
        var since = DateTime.UtcNow;
        var node = await ProjectionNode(rig);
        output.WriteLine($"fault on node {node} ({net.Network.Nodes[node].Address}), which runs the projections");

        var load = new Load(rig);
        var running = load.Run(workers: 8, duration: Lead + length + Tail, ct);
        await Task.Delay(Lead, ct);
        var clock = Stopwatch.StartNew();
        var healed = false;
        Readiness readiness;
        try
        {
            await cut(node);
            var probe = Readiness.Watch(rig, node, length, ct);
            await Task.Delay(length, ct);
            await heal(node);
            healed = true;
            var healedAt = clock.Elapsed;
            readiness = await probe;
            readiness.HealedAt = healedAt;
            await running;
        }
        finally
        {
            // A case that failed or timed out leaves a healthy network to the next.
            if (!healed)
                await heal(node);
        }

        var ledger = await Ledger.Settle(test, rig, load, faults: 1, within: TimeSpan.FromSeconds(180));
        ledger.AssertNothingLostNothingTwice(output, load.Surprises);

        await FiguresMatchTheEvents(rig);
        var owners = await net.Owners.Check(since, grace: TimeSpan.FromSeconds(1));
        foreach (var (shard, agent) in owners.Shards)
            output.WriteLine($"shard {shard}: agent {agent}");
        foreach (var handover in owners.Handovers)
            output.WriteLine($"handover {handover}");
        Assert.True(owners.TwoAtOnce.Count == 0, "a projection ran on two nodes at once:\n"
            + string.Join("\n", owners.TwoAtOnce.Take(10)));
        Assert.DoesNotContain(owners.Shards.Values, a => a == "(no agent)");
        var conflicts = rig.NodeLogs.SelectMany(File.ReadLines)
            .Where(l => l.Contains("ProgressionProgressOutOfOrder", StringComparison.Ordinal)).ToList();
        Assert.True(conflicts.Count == 0, "two daemons moved one shard from the same point:\n"
            + string.Join("\n", conflicts.Take(5)));
        return readiness;
    }

    /// <summary>Both nodes ready and every agent on a node that is alive: each case starts from a healthy
    /// cluster.</summary>
    private static async Task Healthy(Rig rig)
    {
        foreach (var url in rig.NodeUrls)
            await LiveHub.Eventually(
                async () =>
                {
                    try
                    {
                        using var response = await rig.Http.GetAsync(new Uri(url, "/health/ready"));
                        return response.StatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return HttpStatusCode.ServiceUnavailable;
                    }
                },
                s => s == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60),
                $"{url} ready"
            );
        await LiveHub.Eventually(
            () => rig.Scalar(
                "select count(*) from hub.wolverine_node_assignments where id like 'event-subscriptions%'"),
            n => n > 0,
            TimeSpan.FromSeconds(60),
            "the projections assigned to a node"
        );
    }

    /// <summary>The node whose address writes the heartbeat of the node that runs the figures.</summary>
    private async Task<int> ProjectionNode(Rig rig)
    {
        var address = await LiveHub.Eventually(
            () => rig.Scalar(
                "select coalesce(max((h.host - '0.0.0.0'::inet)), 0) from hub.wolverine_node_assignments a "
                + "join public.netfaults_hosts h on h.node = a.node_id "
                + "where a.id like 'event-subscriptions%/figures/%'"),
            n => n > 0,
            TimeSpan.FromSeconds(30),
            "the address of the node that runs the projections"
        );
        var host = new IPAddress(BitConverter.GetBytes((uint)address).Reverse().ToArray());
        return Array.FindIndex(net.Network.Nodes, n => n.Address.Equals(host));
    }

    /// <summary>
    /// Once the daemon has caught up, the figures count each event once: no event was applied twice (two daemons)
    /// or skipped.
    /// </summary>
    private async Task FiguresMatchTheEvents(Rig rig)
    {
        const string compare = """
            select
              (select count(*) from hub.mt_events where type = 'application_submitted')
                - (select coalesce(sum((data->>'applications')::bigint), 0) from hub.mt_doc_onethingfigures),
              (select count(*) from hub.mt_events where type = 'message_delivered')
                - (select coalesce(sum((data->>'deliveries')::bigint), 0) from hub.mt_doc_departmentfigures),
              (select count(*) from hub.mt_events where type = 'service_dispatched')
                - (select coalesce(sum((data->>'servicesDispatched')::bigint), 0) from hub.mt_doc_departmentfigures),
              (select count(*) from hub.mt_events where type = 'service_completed')
                - (select coalesce(sum((data->>'servicesCompleted')::bigint), 0) from hub.mt_doc_departmentfigures),
              (select count(*) from hub.mt_events where type = 'exchange_answered')
                - (select coalesce(sum((data->>'exchangesAnswered')::bigint), 0) from hub.mt_doc_departmentfigures)
            """;
        // Events minus figures: applications submitted, messages delivered, services dispatched and completed,
        // exchanges answered.
        await LiveHub.Eventually(
            async () =>
            {
                await using var connection = new Npgsql.NpgsqlConnection(rig.ConnectionString);
                await connection.OpenAsync();
                await using var command = new Npgsql.NpgsqlCommand(compare, connection);
                await using var row = await command.ExecuteReaderAsync();
                await row.ReadAsync();
                return Enumerable.Range(0, row.FieldCount).Select(row.GetInt64).ToArray();
            },
            d => d.All(x => x == 0),
            TimeSpan.FromSeconds(60),
            "the figures counted every event once (events minus figures)"
        );
        var figures = await rig.Scalar(
            "select coalesce(sum((data->>'applications')::bigint), 0) from hub.mt_doc_onethingfigures");
        output.WriteLine($"figures: {figures} applications counted, as many as submitted");
    }
}

/// <summary>What the cut-off node's /health/ready answered while it was cut off and after, asked every half second
/// with a 5 s timeout, as a load balancer would.</summary>
public sealed class Readiness
{
    public List<(TimeSpan At, string Answer)> Answers { get; } = [];
    public TimeSpan HealedAt { get; set; }

    public static async Task<Readiness> Watch(Rig rig, int node, TimeSpan length, CancellationToken ct)
    {
        var readiness = new Readiness();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var until = length + TimeSpan.FromSeconds(30);
        while (clock.Elapsed < until && !ct.IsCancellationRequested)
        {
            var asked = clock.Elapsed;
            string answer;
            try
            {
                using var response = await http.GetAsync(new Uri(rig.NodeUrls[node], "/health/ready"));
                answer = ((int)response.StatusCode).ToString();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                answer = "no answer";
            }
            readiness.Answers.Add((asked, answer));
            // Once ready again after the fault, there is nothing more to watch.
            if (asked > length && answer == "200" && readiness.Answers.Any(a => a.Answer != "200"))
                break;
            await Task.Delay(500);
        }
        return readiness;
    }

    public void Report(ITestOutputHelper output)
    {
        var runs = Answers.Aggregate(new List<(TimeSpan From, string Answer, int Count)>(), (list, a) =>
        {
            if (list.Count > 0 && list[^1].Answer == a.Answer)
                list[^1] = list[^1] with { Count = list[^1].Count + 1 };
            else
                list.Add((a.At, a.Answer, 1));
            return list;
        });
        output.WriteLine($"/health/ready of the cut-off node (healed at {HealedAt.TotalSeconds:0.0} s): "
            + string.Join(", ", runs.Select(r => $"{r.Answer} from {r.From.TotalSeconds:0.0} s ({r.Count}x)")));
    }

    /// <summary>Unready (503) within 10 s of the cut, and ready again within 30 s of the heal.</summary>
    public void AssertUnreadyWhileCutAndReadyAfter(ITestOutputHelper output)
    {
        Report(output);
        Assert.Contains(Answers, a => a.At < TimeSpan.FromSeconds(10) && a.Answer == "503");
        Assert.Contains(Answers, a => a.At > HealedAt && a.Answer == "200");
    }
}

/// <summary>Why the network-fault cases are skipped in `./hub.sh test` for now: they find real faults not yet fixed.
/// </summary>
internal static class NetworkFaultsOpen
{
    public const string Reason = "Open (issue 19): cut from PostgreSQL only, an ejected node's daemon still commits "
        + "a projection's progress (a projection on two nodes); cut from both, an application unfinished and items "
        + "done twice. Fixes in progress: wip/netfaults2.patch.";
}

