using System.Net;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>The database goes away for a few seconds under load: the hub says it is not ready, then recovers by
/// itself.</summary>
public sealed class postgres_restarted_under_load(ITestOutputHelper output)
{
    [Fact]
    public async Task the_hub_reports_not_ready_then_recovers_and_loses_nothing()
    {
        await using var postgres = await ThrowawayPostgres.Start();
        await using var rig = await Rig.Start(await Processes.Database("onething_fault_pg", postgres.Server));
        var load = new Load(rig);
        var running = load.Run(workers: 8, duration: TimeSpan.FromSeconds(16));

        await Task.Delay(TimeSpan.FromSeconds(4));
        await postgres.StopServer();
        var notReady = await Eventually(rig, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(4));
        await postgres.StartServer();
        Npgsql.NpgsqlConnection.ClearAllPools(); // the test's own pooled connections died with the server
        var readyAgain = await Eventually(rig, HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await running;

        Assert.True(notReady, "/health/ready answered 503 while the database was down");
        Assert.True(readyAgain, "/health/ready answered 200 again once the database was back");
        var ledger = await Ledger.Settle(
            nameof(postgres_restarted_under_load),
            rig,
            load,
            faults: 1,
            within: TimeSpan.FromSeconds(120)
        );
        ledger.AssertNothingLostNothingTwice(output, load.Surprises);
    }

    private static async Task<bool> Eventually(Rig rig, HttpStatusCode wanted, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var response = await rig.Http.GetAsync(new Uri(rig.NodeUrls[0], "/health/ready"));
                if (response.StatusCode == wanted)
                    return true;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        return false;
    }
}
