using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// public-security's system is down for longer than every retry: its work is dead-lettered (nobody else's is held
/// up), and once it is back an operator replays the dead letters and everything arrives once.
/// </summary>
public sealed class a_department_down_for_minutes(ITestOutputHelper output)
{
    [Fact]
    public async Task its_work_waits_in_dead_letters_and_arrives_once_after_the_replay()
    {
        await using var rig = await Rig.Start(await Processes.Database("onething_fault_down"));
        const int downSeconds = 120;
        (
            await rig.Http.PostAsync(
                new Uri(rig.SimulatorUrl, $"/sim/departments/public-security/down?seconds={downSeconds}"),
                null
            )
        ).EnsureSuccessStatusCode();
        var downSince = DateTime.UtcNow;
        var load = new Load(rig);
        await load.Run(workers: 4, duration: TimeSpan.FromSeconds(10));

        // Exchanges and other departments' work go on; the household registrations wait as dead letters.
        var letters = await LiveHub.Eventually(
            () => rig.Get<DeadLetterList>(rig.Keys.Coordinator, "/api/dead-letters?department=public-security"),
            l => l.Count >= 1,
            TimeSpan.FromSeconds(60),
            "dead-lettered work for public-security"
        );
        var wait = downSince.AddSeconds(downSeconds + 1) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);

        // Replay until none is left (work items dead-lettered after the first listing come back too).
        var replayed = 0;
        for (var round = 0; round < 10; round++)
        {
            letters = await rig.Get<DeadLetterList>(
                rig.Keys.Coordinator,
                "/api/dead-letters?department=public-security"
            );
            if (letters.Count == 0)
                break;
            using var request = new HttpRequestMessage(
                HttpMethod.Post,
                new Uri(rig.NodeUrls[0], "/api/dead-letters/replay")
            )
            {
                Content = System.Net.Http.Json.JsonContent.Create(
                    new ReplayDeadLetters(letters.DeadLetters.Select(d => d.Id).ToList()),
                    options: OneThing.Hub.Infrastructure.HubJson.Options
                ),
            };
            request.Headers.Authorization = new("Bearer", rig.Keys.Coordinator);
            (await rig.Http.SendAsync(request)).EnsureSuccessStatusCode();
            replayed += letters.Count;
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var ledger = await Ledger.Settle(
            nameof(a_department_down_for_minutes),
            rig,
            load,
            faults: 1,
            within: TimeSpan.FromSeconds(90)
        );
        output.WriteLine($"dead letters replayed: {replayed}; public-security down for {downSeconds} s");
        Assert.True(replayed > 0);
        ledger.AssertNothingLostNothingTwice(output, load.Surprises);
    }
}
