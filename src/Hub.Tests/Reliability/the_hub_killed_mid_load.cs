using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>SIGKILL in the middle of applications and exchanges, twice; a supervisor starts the hub again.</summary>
/// <remarks>
/// Each kill comes once the load is taken (applications and exchanges accepted since the last start), and it runs on
/// until the restarted hub has taken more of both kinds. A fixed load window would, on a loaded machine where a
/// start takes longer than the window, test only kills of a hub that was never working.
/// </remarks>
public sealed class the_hub_killed_mid_load(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task loses_no_accepted_request_or_message_and_does_nothing_twice()
    {
        await using var rig = await Rig.Start(await Processes.Database("onething_fault_kill"));
        var load = new Load(rig);
        using var stop = new CancellationTokenSource();
        var running = load.Run(workers: 8, duration: Bound, stop.Token);

        var killedAt = DateTimeOffset.MinValue;
        for (var fault = 0; fault < 2; fault++)
        {
            await load.Taking("the hub taking work before it is killed");
            await Task.Delay(TimeSpan.FromSeconds(2));
            killedAt = DateTimeOffset.UtcNow;
            await rig.Kill(0);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await rig.StartNode(0);
        }
        await load.Taking("the restarted hub taking work");
        await stop.CancelAsync();
        await running;

        var ledger = await Ledger.Settle(
            nameof(the_hub_killed_mid_load),
            rig,
            load,
            faults: 2,
            within: TimeSpan.FromSeconds(120)
        );
        try
        {
            ledger.AssertNothingLostNothingTwice(output, load.Surprises);
        }
        catch (Exception failure)
        {
            // The post-mortem is taken while the restarted node still runs: its log, Wolverine's tables and the
            // trail of each unfinished application, with where each undelivered message is.
            var capture = await FailoverCapture.Take(rig, load, 0, killedAt, ledger, failure);
            output.WriteLine($"post-mortem in {capture}");
            output.WriteLine(await File.ReadAllTextAsync(Path.Combine(capture, "unfinished.txt")));
            throw;
        }
    }
}
