using System.Diagnostics;
using Npgsql;
using OneThing.Contracts;
using OneThing.Simulator;

namespace OneThing.Bench;

/// <summary>
/// A whole 新生儿出生 (newborn) application: the front office submits it, the hub fans it out to five services in the
/// catalog's order, the simulated departments accept and complete them (no think time: SIM_DELAY_MS=0), the birth
/// certificate's e-licence is signed and pushed, and the results reach the front office's webhook. Measured from
/// the submission to the `message_delivered` event of the results (the webhook answered 200).
/// </summary>
public sealed class WholeApplication(HubApi hub, NpgsqlDataSource data, DevKeys keys)
{
    private const string FrontOffice = "government-services";

    public async Task<(List<double> Millis, int Failed)> Measure(int count, int concurrency)
    {
        var thing = (await hub.Get<OneThingDetail>(keys.Departments[FrontOffice], "/api/one-things/newborn")).OneThing;
        var millis = new List<double>();
        var failed = 0;
        var next = 0;
        await Task.WhenAll(
            Enumerable
                .Range(0, concurrency)
                .Select(_ =>
                    Task.Run(async () =>
                    {
                        while (Interlocked.Increment(ref next) <= count)
                        {
                            var ms = await One(thing);
                            lock (millis)
                                if (ms is { } m)
                                    millis.Add(m);
                                else
                                    failed++;
                        }
                    })
                )
        );
        millis.Sort();
        return (millis, failed);
    }

    private async Task<double?> One(OneThingDefinition thing)
    {
        var random = Random.Shared;
        var submitted = DateTimeOffset.UtcNow;
        using var response = await hub.Post(
            keys.Departments[FrontOffice],
            "/api/applications",
            new SubmitApplication(thing.Code, Identities.Person(random), Identities.Form(thing, random))
        );
        if (!response.IsSuccessStatusCode)
            return null;
        var id = (
            await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<ApplicationAccepted>(
                response.Content,
                HubApi.Json
            )
        )!.ApplicationId;

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
            await using var command = data.CreateCommand(
                """
                select max(d.timestamp) from hub.mt_events r join hub.mt_events d
                  on d.stream_id = 'delivery/government-services/' || (r.data->>'messageId') and d.type =
                      'message_delivered'
                where r.stream_id = $1 and r.type = 'application_results_delivered'
                """
            );
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            if (await command.ExecuteScalarAsync() is DateTime delivered)
                return (
                    new DateTimeOffset(DateTime.SpecifyKind(delivered, DateTimeKind.Utc)) - submitted
                ).TotalMilliseconds;
        }
        return null;
    }
}
