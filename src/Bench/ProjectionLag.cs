using System.Diagnostics;
using Npgsql;

namespace OneThing.Bench;

/// <summary>
/// How far the async projections (the big data centre's figures) trail the events, under sustained load.
/// Method: while a paced mix of licence pushes and exchanges runs, a sampler reads every 10 ms the database clock
/// and the lowest progress of the async shards (`mt_event_progression`, names ending in `:All`: the figures are
/// written in the same transaction as that progress). An event's lag is the first sample whose progress reached
/// its seq_id minus its `mt_events.timestamp` (the database's now() of the appending transaction, a few ms before
/// its commit): from the event's commit to the metrics that include it, both read on the database's clock.
/// </summary>
public sealed class ProjectionLag(NpgsqlDataSource data)
{
    public sealed record Result(
        double EventsPerSecond,
        long Events,
        long CaughtUp,
        double P50,
        double P99,
        double Max,
        long Failed
    );

    public async Task<Result> Measure(Func<Task<long>> load)
    {
        var startSeq = await Scalar<long>("select coalesce(max(seq_id), 0) from hub.mt_events");
        var samples = new List<(DateTime At, long Progress, long HighWater)>();
        long latest = 0; // the newest progress, read by the wait below while the sampler adds
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var command = data.CreateCommand(
                    "select clock_timestamp(), coalesce(min(last_seq_id) filter (where name like '%:All'), 0), "
                    + "coalesce(max(last_seq_id) filter (where name = 'HighWaterMark'), 0) "
                    + "from hub.mt_event_progression"
                );
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                var sample = (reader.GetDateTime(0), reader.GetInt64(1), reader.GetInt64(2));
                lock (samples)
                    samples.Add(sample);
                Volatile.Write(ref latest, sample.Item2);
                await Task.Delay(10);
            }
        });

        var clock = Stopwatch.StartNew();
        var failed = await load();
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var endSeq = await Scalar<long>("select coalesce(max(seq_id), 0) from hub.mt_events");
        // Let the daemon catch up with the last events (or give up after 30 s: then their lag is missing, not small).
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(30) && Volatile.Read(ref latest) < endSeq)
            await Task.Delay(50);
        await stop.CancelAsync();
        await sampler;

        // BENCH_LAG_SAMPLES=file: the sampler's readings, to see where a slow event waited (profiling only).
        if (Environment.GetEnvironmentVariable("BENCH_LAG_SAMPLES") is { Length: > 0 } dump)
            await File.WriteAllLinesAsync(dump, samples.Select(x => $"{x.At:O},{x.Progress},{x.HighWater}"));
        var lags = new List<double>();
        long events = 0,
            caughtUp = 0;
        await using (
            var command = data.CreateCommand(
                "select seq_id, timestamp from hub.mt_events where seq_id > $1 and seq_id <= $2 order by seq_id"
            )
        )
        {
            command.Parameters.Add(new NpgsqlParameter { Value = startSeq });
            command.Parameters.Add(new NpgsqlParameter { Value = endSeq });
            await using var reader = await command.ExecuteReaderAsync();
            var s = 0;
            while (await reader.ReadAsync())
            {
                events++;
                var (seq, at) = (reader.GetInt64(0), reader.GetDateTime(1));
                while (s < samples.Count && samples[s].Progress < seq)
                    s++; // progress only grows: one pass
                if (s == samples.Count)
                    continue;
                caughtUp++;
                lags.Add(Math.Max(0, (samples[s].At - at).TotalMilliseconds));
            }
        }
        lags.Sort();
        // Events never projected have no lag to count: the figures are then not given (NaN) rather than flattered.
        if (caughtUp < events)
            Console.Error.WriteLine(
                $"  projection lag: {events - caughtUp} of {events} events not projected within 30 s of the load's end"
            );
        var all = caughtUp == events;
        var result = new Result(
            Math.Round(events / loadSeconds, 1),
            events,
            caughtUp,
            all ? Math.Round(Load.Percentile(lags, 0.5), 1) : double.NaN,
            all ? Math.Round(Load.Percentile(lags, 0.99), 1) : double.NaN,
            all ? Math.Round(lags.LastOrDefault(), 1) : double.NaN,
            failed
        );
        Console.Error.WriteLine($"  projection lag: {result}");
        return result;
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var command = data.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
