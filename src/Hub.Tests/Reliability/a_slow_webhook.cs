using System.Net.Http.Json;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Delivery;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// health's webhook answers only after 30 s, with a flood of work waiting for it; later it answers with a body that
/// never ends. Other departments' deliveries (the exchanges' queries to their provider) arrive as promptly as ever;
/// health's work is tried, retried and dead-lettered by the delivery policy, then replayed and delivered, its endless
/// answers cut short.
/// </summary>
public sealed class a_slow_webhook(ITestOutputHelper output)
{
    private const string Slow = "health";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task holds_up_no_other_department_and_is_retried_dead_lettered_and_cut_short_by_policy()
    {
        await using var rig = await Rig.Start(await Processes.Database("onething_fault_slow"), settings: new()
        {
            ["HUB_WEBHOOK_TIMEOUT_MS"] = ((int)Timeout.TotalMilliseconds).ToString(),
            ["HUB_DELIVERY_RETRIES"] = "0.5,1", // three attempts, then a dead letter
        });
        await using var receiver = await TestReceiver.Start(async http =>
            await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted));
        await using var endless = new EndlessWebhook();
        await Point(rig, receiver.Url("/late"));

        // Work items for health (the newborn's first service) pile up while exchanges go to another department.
        var load = new Load(rig);
        await load.Run(workers: 4, duration: TimeSpan.FromSeconds(10));
        var sentToSlow = await WaitUntilAllDeadLettered(rig, TimeSpan.FromSeconds(90));

        // How long each exchange's query took from the exchange's first event to its delivery, in ms.
        const string latencies = """
            select (extract(epoch from d.t - s.t) * 1000)::bigint
            from (select correlation_id, min(timestamp) t from hub.mt_events where type = 'message_delivered'
                    and data->>'kind' = 'exchange-query' group by 1) d
            join (select correlation_id, min(timestamp) t from hub.mt_events group by 1) s using (correlation_id)
            """;
        var median = await rig.Scalar($"select coalesce(percentile_disc(0.5) within group (order by l), -1) "
            + $"from ({latencies}) q(l)");
        var p90 = await rig.Scalar($"select coalesce(percentile_disc(0.9) within group (order by l), -1) "
            + $"from ({latencies}) q(l)");
        var latency = await rig.Scalar($"select coalesce(max(l), -1) from ({latencies}) q(l)");
        var attempts = await rig.Scalar("""
            select count(*) from (select data->>'messageId' from hub.mt_events where type = 'delivery_attempt_failed'
                and data->>'department' = @d group by 1 having count(*) <> 3) wrong
            """, ("d", Slow));
        var figures = $"{load.Exchanges.Count} exchanges, their queries delivered after a median {median} ms, "
            + $"90% within {p90} ms, the slowest {latency} ms; {sentToSlow} messages for {Slow} dead-lettered, "
            + $"{attempts} of them not after 3 attempts";
        output.WriteLine(figures);
        Assert.True(load.Exchanges.Count > 0 && sentToSlow > 4, $"the load made exchanges and a flood for health: "
            + figures);
        // Were health's work to hold the delivery queue, every query would wait behind it a whole webhook timeout
        // or more. A busy machine (the whole suite at once) may hold up a few unblocked ones by seconds, so the
        // bounds are on the median and the 90th percentile, not on the slowest.
        Assert.True(median >= 0 && median < (long)Timeout.TotalMilliseconds / 2,
            $"half the queries delivered within half a webhook timeout: {figures}");
        Assert.True(p90 < (long)Timeout.TotalMilliseconds, $"90% of queries delivered within a timeout: {figures}");
        Assert.True(attempts == 0, $"every dead letter after exactly 3 attempts: {figures}");

        // The webhook answers again, without end: the replayed work is delivered, each answer read only so far.
        await Point(rig, endless.Url);
        var letters = await rig.Get<DeadLetterList>(rig.Keys.Coordinator,
            $"/api/dead-letters?department={Slow}");
        using var replay = new HttpRequestMessage(HttpMethod.Post, new Uri(rig.NodeUrls[0], "/api/dead-letters/replay"))
        {
            Content = JsonContent.Create(new ReplayDeadLetters([.. letters.DeadLetters.Select(d => d.Id)]),
                options: HubJson.Options),
        };
        replay.Headers.Authorization = new("Bearer", rig.Keys.Coordinator);
        (await rig.Http.SendAsync(replay)).EnsureSuccessStatusCode();
        await LiveHub.Eventually(() => Delivered(rig), n => n == sentToSlow, TimeSpan.FromSeconds(60),
            $"every message for {Slow} delivered after the replay");
        // An answer is counted once the hub has hung up and the next send failed: a moment after its delivery.
        await LiveHub.Eventually(() => Task.FromResult(endless.Sent.Count), n => n > 0, TimeSpan.FromSeconds(10),
            "an endless answer ended by the hub");
        Assert.True(endless.Sent.Max() < 16L << 20,
            $"the hub hung up on endless answers after at most {endless.Sent.DefaultIfEmpty().Max()} bytes");
    }

    private static async Task Point(Rig rig, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put,
            new Uri(rig.NodeUrls[0], $"/api/departments/{Slow}/delivery"))
        {
            Content = JsonContent.Create(new DeliverySettings(DeliveryModes.Webhook, url, "a-secret-of-sixteen"),
                options: HubJson.Options),
        };
        request.Headers.Authorization = new("Bearer", rig.Keys.Departments[Slow]);
        (await rig.Http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    /// <summary>Every message for the slow department is a dead letter (none delivered, none still on its way);
    /// returns how many there were.</summary>
    private static async Task<long> WaitUntilAllDeadLettered(Rig rig, TimeSpan within)
    {
        const string messages = """
            select count(distinct data->>'messageId') from hub.mt_events
            where type in ('delivery_attempt_failed', 'message_delivered') and data->>'department' = @d
            """;
        await LiveHub.Eventually(async () => (await rig.Scalar(messages, ("d", Slow)),
                (await rig.Get<DeadLetterList>(rig.Keys.Coordinator, $"/api/dead-letters?department={Slow}")).Count),
            counts => counts.Item1 > 0 && counts.Item1 == counts.Item2,
            within,
            $"every message for {Slow} dead-lettered");
        return await rig.Scalar(messages, ("d", Slow));
    }

    private static Task<long> Delivered(Rig rig) => rig.Scalar(
        "select count(distinct data->>'messageId') from hub.mt_events where type = 'message_delivered' "
        + "and data->>'department' = @d", ("d", Slow));
}
