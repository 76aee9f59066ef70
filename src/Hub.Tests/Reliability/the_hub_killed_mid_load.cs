using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>SIGKILL in the middle of applications and exchanges, twice; a supervisor starts the hub again.</summary>
public sealed class the_hub_killed_mid_load(ITestOutputHelper output)
{
    [Fact]
    public async Task loses_no_accepted_request_or_message_and_does_nothing_twice()
    {
        await using var rig = await Rig.Start(await Processes.Database("onething_fault_kill"));
        var load = new Load(rig);
        var running = load.Run(workers: 8, duration: TimeSpan.FromSeconds(25));

        for (var fault = 0; fault < 2; fault++)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            await rig.Kill(0);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await rig.StartNode(0);
        }
        await running;

        var ledger = await Ledger.Settle(
            nameof(the_hub_killed_mid_load),
            rig,
            load,
            faults: 2,
            within: TimeSpan.FromSeconds(120)
        );
        ledger.AssertNothingLostNothingTwice(output, load.Surprises);
    }
}
