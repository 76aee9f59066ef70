using System.Diagnostics;

namespace OneThing.Bench;

/// <summary>What one load phase gives: completed operations a second and latency percentiles (ms).</summary>
public sealed record LoadResult(
    int Concurrency,
    double Seconds,
    long Ok,
    long Failed,
    double Rps,
    double P50,
    double P99,
    double Max
)
{
    /// <summary>The hub process's CPU time (user + system) per completed operation: unlike the rate, it hardly moves
    /// when
    /// other work shares the machine, so it is what an optimisation is judged by on a busy machine.</summary>
    public double HubCpuMsPerOp { get; init; } = double.NaN;

    /// <summary>The load generator's own CPU (this process) per operation: what the machine spent on asking.</summary>
    public double BenchCpuMsPerOp { get; init; } = double.NaN;

    /// <summary>PostgreSQL's CPU (every postgres process) per operation, polling included.</summary>
    public double DbCpuMsPerOp { get; init; } = double.NaN;

    /// <summary>Statements the bench database executed per operation (pg_stat_statements calls): the round trips an
    /// optimisation saves, whoever made them (the hub's polling counts too).</summary>
    public double StatementsPerOp { get; init; } = double.NaN;

    public override string ToString() =>
        $"c={Concurrency}: {Rps:F0}/s, p50 {P50:F2} ms, p99 {P99:F2} ms, CPU ms/op hub {HubCpuMsPerOp:F2} db "
        + $"{DbCpuMsPerOp:F2} bench {BenchCpuMsPerOp:F2}, {StatementsPerOp:F1} statements/op ({Ok} ok, "
        + $"{Failed} failed)";
}

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers each run one operation after another for a fixed time. A warm-up
/// first (not counted) so connection pools, JIT and PostgreSQL's caches are hot when we start timing.
/// </summary>
public static class Load
{
    /// <summary>The process whose CPU time is charged to each operation (the hub), when set.</summary>
    public static System.Diagnostics.Process? Charged { get; set; }

    /// <summary>Reads the bench database's statement count so far (pg_stat_statements), when set.</summary>
    public static Func<Task<long>>? Statements { get; set; }

    /// <summary>The CPU time of every PostgreSQL process in ms: the server's processes come and go with connections,
    /// but the pools keep theirs for a phase, so the difference over a phase is the database's work.</summary>
    public static double PostgresCpuMs()
    {
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!char.IsDigit(Path.GetFileName(dir)[0]) || File.ReadAllText($"{dir}/comm").Trim() != "postgres")
                    continue;
                total += Ticks(File.ReadAllText($"{dir}/stat"));
            }
            catch (IOException) { } // the process ended while we read it
            catch (UnauthorizedAccessException) { }
        }
        return total;
    }

    private static double Ticks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
    }

    private static double SelfCpuMs() =>
        System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    /// <summary>utime + stime of a process in ms (/proc/pid/stat fields 14 and 15, in clock ticks of 10 ms).</summary>
    public static double CpuMs(System.Diagnostics.Process? process)
    {
        if (process is null || process.HasExited)
            return double.NaN;
        return Ticks(File.ReadAllText($"/proc/{process.Id}/stat"));
    }

    public static async Task<LoadResult> Closed(
        string name,
        int concurrency,
        TimeSpan duration,
        Func<int, Task<bool>> operation,
        TimeSpan? warmUp = null
    )
    {
        // long enough for tiered JIT
        await RunFor(concurrency, warmUp ?? TimeSpan.FromSeconds(3), operation, record: false);
        var (hub, db, self) = (CpuMs(Charged), PostgresCpuMs(), SelfCpuMs());
        var statements = Statements is null ? 0 : await Statements();
        var (latencies, failed, seconds) = await RunFor(concurrency, duration, operation, record: true);
        double PerOp(double delta) => latencies.Count == 0 ? double.NaN : Math.Round(delta / latencies.Count, 3);
        var result = Summarise(concurrency, seconds, latencies, failed) with
        {
            HubCpuMsPerOp = PerOp(CpuMs(Charged) - hub),
            DbCpuMsPerOp = PerOp(PostgresCpuMs() - db),
            BenchCpuMsPerOp = PerOp(SelfCpuMs() - self),
            // The reading itself is one statement: not charged to the phase.
            StatementsPerOp = Statements is null ? double.NaN : PerOp(await Statements() - statements - 1),
        };
        Console.Error.WriteLine($"  {name} {result}");
        return result;
    }

    /// <summary>Load that is not measured: brings the hub to its steady state (JIT, pools, caches).</summary>
    public static Task WarmUp(int concurrency, TimeSpan duration, Func<int, Task<bool>> operation) =>
        RunFor(concurrency, duration, operation, record: false);

    private static async Task<(List<double> Latencies, long Failed, double Seconds)> RunFor(
        int concurrency,
        TimeSpan duration,
        Func<int, Task<bool>> operation,
        bool record
    )
    {
        var lists = Enumerable.Range(0, concurrency).Select(_ => new List<double>(4096)).ToArray();
        long failed = 0;
        var clock = Stopwatch.StartNew();
        var until = clock.Elapsed + duration;
        await Task.WhenAll(
            Enumerable
                .Range(0, concurrency)
                .Select(w =>
                    Task.Run(async () =>
                    {
                        var mine = lists[w];
                        while (clock.Elapsed < until)
                        {
                            var start = Stopwatch.GetTimestamp();
                            bool ok;
                            try
                            {
                                ok = await operation(w);
                            }
                            catch (Exception e)
                                when (e is HttpRequestException or Npgsql.NpgsqlException or TaskCanceledException)
                            {
                                ok = false;
                            }
                            if (!ok)
                            {
                                Interlocked.Increment(ref failed);
                                continue;
                            }
                            if (record)
                                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                        }
                    })
                )
        );
        return (lists.SelectMany(l => l).ToList(), failed, clock.Elapsed.TotalSeconds);
    }

    public static LoadResult Summarise(int concurrency, double seconds, List<double> latencies, long failed)
    {
        latencies.Sort();
        return new LoadResult(
            concurrency,
            Math.Round(seconds, 2),
            latencies.Count,
            failed,
            Math.Round(latencies.Count / seconds, 1),
            Math.Round(Percentile(latencies, 0.50), 2),
            Math.Round(Percentile(latencies, 0.99), 2),
            Math.Round(latencies.LastOrDefault(), 2)
        );
    }

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0
            ? double.NaN
            : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// Open-loop load at a fixed rate: operations start on a schedule whatever the earlier ones are doing (at most
    /// <paramref name="maxInFlight"/> at once), as steady traffic does; a closed loop would slow down with the hub.
    /// </summary>
    public static async Task<(long Started, long Failed)> Paced(
        double perSecond,
        TimeSpan duration,
        int maxInFlight,
        Func<Task<bool>> operation
    )
    {
        using var gate = new SemaphoreSlim(maxInFlight);
        var running = new List<Task>();
        long started = 0,
            failed = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var due = TimeSpan.FromSeconds(started / perSecond);
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed);
            if (!await gate.WaitAsync(TimeSpan.FromSeconds(1)))
            {
                failed++;
                started++;
                continue;
            } // saturated: counted, skipped
            started++;
            running.Add(
                Task.Run(async () =>
                {
                    try
                    {
                        if (!await operation())
                            Interlocked.Increment(ref failed);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    finally
                    {
                        gate.Release();
                    }
                })
            );
        }
        await Task.WhenAll(running);
        return (started, failed);
    }
}
