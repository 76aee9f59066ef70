using OneThing.Hub.Features.Delivery;

namespace OneThing.Hub.Tests.Delivery;

/// <summary>Each department's share of the delivery queue (<see cref="WebhookLanes"/>), on a clock the test moves:
/// the end-to-end case is Reliability.a_slow_webhook.</summary>
public sealed class sharing_the_delivery_queue
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void a_department_has_at_most_its_share_in_flight_and_the_next_comes_back_without_an_attempt()
    {
        var clock = new SteppedClock();
        var lanes = new WebhookLanes(parallel: 4, Timeout, clock);
        var running = Enumerable.Range(0, 4).Select(_ => lanes.Enter("health")).ToList();
        clock.Advance(TimeSpan.FromSeconds(3));

        var fifth = lanes.Enter("health");

        Assert.All(running, a => Assert.NotNull(a.Ticket));
        Assert.Null(fifth.Ticket);
        Assert.Null(fifth.Refusal);
        // Back as long as the running attempts have run: a lane of slow answers is not asked again at once.
        Assert.Equal(TimeSpan.FromSeconds(3), fifth.Later);
        Assert.NotNull(lanes.Enter("tax").Ticket);
        lanes.Leave("health", running[0].Ticket!.Value, null);
        Assert.NotNull(lanes.Enter("health").Ticket);
    }

    [Fact]
    public void after_a_slow_failure_one_attempt_at_a_time_probes_and_the_others_fail_at_once_until_one_succeeds()
    {
        var clock = new SteppedClock();
        var lanes = new WebhookLanes(parallel: 4, Timeout, clock);
        var hung = lanes.Enter("health");
        clock.Advance(Timeout);
        lanes.Leave("health", hung.Ticket!.Value, "The request was canceled due to the configured timeout");

        var probe = lanes.Enter("health");
        var refused = lanes.Enter("health");

        Assert.NotNull(probe.Ticket);
        Assert.Null(refused.Ticket);
        Assert.Contains("slow", refused.Refusal);
        Assert.Contains("failed after 10 s", refused.Refusal);
        Assert.NotNull(lanes.Enter("tax").Ticket);   // other departments are not slowed
        lanes.Leave("health", probe.Ticket!.Value, null);
        Assert.All(Enumerable.Range(0, 4), _ => Assert.NotNull(lanes.Enter("health").Ticket));
    }

    [Fact]
    public void a_quick_failure_is_a_department_down_not_a_slow_one_and_the_slowness_passes_after_three_timeouts()
    {
        var clock = new SteppedClock();
        var lanes = new WebhookLanes(parallel: 4, Timeout, clock);
        var refused = lanes.Enter("health");
        lanes.Leave("health", refused.Ticket!.Value, "Connection refused");
        Assert.All(Enumerable.Range(0, 4), _ => Assert.NotNull(lanes.Enter("water").Ticket));

        var first = lanes.Enter("health");
        var second = lanes.Enter("health");
        Assert.NotNull(second.Ticket);   // down, not slow: no probing
        clock.Advance(TimeSpan.FromSeconds(2));
        lanes.Leave("health", first.Ticket!.Value, "answered 500");
        Assert.NotNull(lanes.Enter("health").Refusal);   // 2 s for a 500: slow now
        clock.Advance(Timeout * 3);
        Assert.NotNull(lanes.Enter("health").Ticket);
    }

    /// <summary>Wall time and the stopwatch, both moved by the test alone.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private TimeSpan _at;
        private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _start + _at;
        public override long GetTimestamp() => _at.Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public void Advance(TimeSpan by) => _at += by;
    }
}
