using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using OneThing.Bench;
using OneThing.Simulator;

// ./hub.sh bench: the hub against the machine's limit and against direct calls, in one run, side by side.
// BENCH_SERVER: a connection string to the PostgreSQL server (hub.sh passes the embedded one); the bench uses a
// database of its own, onething_bench, whose hub and wolverine schemas it drops first.
var root = Repo.Root();
var seconds = double.TryParse(Environment.GetEnvironmentVariable("BENCH_SECONDS"), out var s) ? s : 8;

// BENCH_WARMUP: seconds of pushes and exchanges, not counted, before the first measured hub phase. A freshly started
// hub JIT-compiles for its first ~15 s under load (tier 0, then tier 1 of every hot method: 0.3-0.6 of a core);
// the load figures are the steady state, the start is measured by cold_start_ms.
var warmUpSeconds = double.TryParse(Environment.GetEnvironmentVariable("BENCH_WARMUP"), out var w) ? w : 20;
var phase = TimeSpan.FromSeconds(seconds);
// BENCH_ROUNDS: how many interleaved rounds (issue 20: at least three, so each figure has a median and a spread).
var rounds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_ROUNDS"), out var n) && n > 0 ? n : 3;
var server =
    Environment.GetEnvironmentVariable("BENCH_SERVER")
    ?? Environment.GetEnvironmentVariable("HUB_DATABASE")
    ?? throw new InvalidOperationException("Set BENCH_SERVER to a PostgreSQL connection string (./hub.sh bench does).");
var output =
    Environment.GetEnvironmentVariable("BENCH_OUTPUT") ?? Path.Combine(root, "bench", "results", "latest.json");

// BENCH_PHASES=write,exchange,...: run only some phases while profiling (the others report as empty); all by default.
var phases = (Environment.GetEnvironmentVariable("BENCH_PHASES") ?? "raw,write,exchange,application,lag")
    .Split(',')
    .ToHashSet();
var Skipped = new LoadResult(0, 0, 0, 0, 0, double.NaN, double.NaN, double.NaN);
var work = Directory.CreateTempSubdirectory("onething-bench-").FullName;
var total = Stopwatch.StartNew();

var database = await BenchDatabase.Prepare(server, "onething_bench");
await using var data = NpgsqlDataSource.Create(
    new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 40 }.ConnectionString
);
using var http = HubApi.Client();
var processes = new Processes(root, "Release");
var hubUrl = new Uri($"http://127.0.0.1:{Processes.FreePort()}");
var simUrl = new Uri($"http://127.0.0.1:{Processes.FreePort()}");
var keysFile = Path.Combine(work, "dev-keys.json");
var hubEnvironment = new Dictionary<string, string>
{
    ["HUB_DATABASE"] = database,
    ["ASPNETCORE_URLS"] = hubUrl.ToString(),
    ["HUB_DEV_KEYS_FILE"] = keysFile,
    ["HUB_SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    // The audit key and witness, outside the database (made by the first start).
    ["HUB_AUDIT_KEY_FILE"] = Path.Combine(work, "audit.key"),
    ["HUB_AUDIT_WITNESS"] = Path.Combine(work, "audit-witness.jsonl"),
    // The per-key rate limit (200/s) is a policy, not a capacity: the bench sends everything under a few keys.
    ["HUB_RATE_LIMIT"] = "1000000",
    // The simulated department systems take their webhooks on loopback, over plain http.
    ["HUB_ALLOW_LOOPBACK_WEBHOOKS"] = "true",
};
Process? hub = null,
    simulator = null;
try
{
    // Cold start: the first start applies the schema and seeds; the second, on that database, is what a restart costs.
    Console.Error.WriteLine("Starting the hub (first start: schema and seeds)");
    hub = processes.Start("Hub", hubEnvironment, Path.Combine(work, "hub-first.log"));
    await Processes.WaitFor(http, new Uri(hubUrl, "/health/ready"), hub);
    var keys = await WaitForKeys(keysFile);
    await Processes.Stop(hub);
    var startClock = Stopwatch.StartNew();
    hub = processes.Start("Hub", hubEnvironment, Path.Combine(work, "hub.log"));
    var coldStart = await Processes.WaitFor(
        http,
        new Uri(hubUrl, "/api/departments"),
        hub,
        keys.Coordinator,
        startClock
    );
    Console.Error.WriteLine($"  cold start to the first authenticated 200: {coldStart.TotalMilliseconds:F0} ms");

    simulator = processes.Start(
        "Simulator",
        new Dictionary<string, string>
        {
            ["SIM_HUB"] = hubUrl.ToString(),
            ["SIM_SELF"] = simUrl.ToString(),
            ["SIM_KEYS"] = keysFile,
            ["SIM_DELAY_MS"] = "0",
            ["SIM_SUPPLEMENT_RATE"] = "0",
            ["SIM_REJECT_RATE"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
        },
        Path.Combine(work, "simulator.log")
    );
    await Processes.WaitFor(http, new Uri(simUrl, "/health"), simulator);
    await BenchDatabase.ResetStatements(data);

    var api = new HubApi(http, hubUrl);
    Load.Charged = hub;
    Load.Statements = () => BenchDatabase.StatementCount(data);
    var write = new WritePath(api, keys);
    await write.RegisterKey();
    // One cursor over the prepared pushes for every phase and round: none is sent twice.
    var pushes = write.Prepare((int)((seconds * 2 * rounds + warmUpSeconds) * 3000));
    var push = write.Operation(pushes);
    var exchange = new ExchangeRoundTrip(api, http, simUrl, keys);
    await exchange.Grant();
    if (warmUpSeconds > 0 && (phases.Contains("write") || phases.Contains("exchange")))
    {
        Console.Error.WriteLine($"Warming the hub up for {warmUpSeconds} s (pushes and exchanges, not counted)");
        await Load.WarmUp(
            8,
            TimeSpan.FromSeconds(warmUpSeconds),
            worker => worker % 2 == 0 ? push(worker) : exchange.ThroughHub(worker)
        );
    }

    // BENCH_LAG_EVENTS: the events/s of the lag phase (issue 20: 1,000), 60 % licence pushes (1 event each) and
    // 40 % from exchanges (4 events each: requested, delivered to the provider, answered, handed over).
    var lagRate = double.TryParse(Environment.GetEnvironmentVariable("BENCH_LAG_EVENTS"), out var le) ? le : 1000;
    var lagPushes = write.Prepare((int)(seconds * 2.5 * lagRate * 0.6 * rounds) + 100);
    var lagPush = write.Operation(lagPushes);
    var applicationRun = new WholeApplication(api, data, keys);

    // Interleaved rounds: raw, hub, raw, hub, … so that whatever the neighbours do falls on both sides of a ratio;
    // each ratio is taken within its round, and the medians over the rounds are the figures.
    var measured = new List<Round>();
    for (var number = 1; number <= rounds; number++)
    {
        Console.Error.WriteLine($"Round {number} of {rounds}");
        Console.Error.WriteLine("  the limit: raw Npgsql, one row per committed transaction");
        var raw = phases.Contains("raw") ? await RawPostgres.Measure(data, phase) : (Skipped, Skipped);
        Console.Error.WriteLine("  the write path: e-licence push");
        var write1 = phases.Contains("write") ? await Load.Closed("licence push", 1, phase, push) : Skipped;
        var write16 = phases.Contains("write") ? await Load.Closed("licence push", 16, phase, push) : Skipped;
        Console.Error.WriteLine("  an exchange: through the hub, and directly to the provider's system");
        var exchanges = phases.Contains("exchange");
        var direct1 = exchanges ? await Load.Closed("direct query", 1, phase, exchange.Direct) : Skipped;
        var direct16 = exchanges ? await Load.Closed("direct query", 16, phase, exchange.Direct) : Skipped;
        var hub1 = exchanges ? await Load.Closed("hub exchange", 1, phase, exchange.ThroughHub) : Skipped;
        var hub16 = exchanges ? await Load.Closed("hub exchange", 16, phase, exchange.ThroughHub) : Skipped;

        Console.Error.WriteLine("  a whole application: newborn, five services, submission to results delivered");
        var (applications, applicationFailures) = phases.Contains("application")
            ? await applicationRun.Measure(count: 20, concurrency: 2)
            : ([], 0);
        Console.Error.WriteLine(
            $"    {applications.Count} applications, p50 {Load.Percentile(applications, 0.5):F0} ms, failed "
            + $"{applicationFailures}"
        );

        Console.Error.WriteLine($"  projection lag under ~{lagRate:F0} events/s (licence pushes and exchanges)");
        var lag = !phases.Contains("lag")
            ? new ProjectionLag.Result(0, 0, 0, double.NaN, double.NaN, double.NaN, 0)
            : await new ProjectionLag(data).Measure(async () =>
            {
                var duration = TimeSpan.FromSeconds(seconds * 2.5);
                var results = await Task.WhenAll(
                    Load.Paced(lagRate * 0.6, duration, 64, () => lagPush(0)),
                    Load.Paced(lagRate * 0.1, duration, 64, () => exchange.ThroughHub(0))
                );
                return results.Sum(r => r.Failed);
            });
        measured.Add(
            new Round(
                number,
                raw.Item1,
                raw.Item2,
                write1,
                write16,
                direct1,
                direct16,
                hub1,
                hub16,
                applications.Count,
                applicationFailures,
                Math.Round(Load.Percentile(applications, 0.5), 1),
                Math.Round(Load.Percentile(applications, 0.99), 1),
                lag
            )
        );
    }

    var rss = Processes.PeakRssMb(hub);
    Console.Error.WriteLine($"  hub peak RSS {rss} MB");
    await BenchDatabase.WriteStatements(data, Path.ChangeExtension(output, ".statements.md"));
    var result = Results.From(measured, coldStart.TotalMilliseconds, rss, total.Elapsed.TotalSeconds);
    await Results.Write(result, output);
    Console.WriteLine(Results.Markdown(result));
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The benchmark failed: {e.Message}\nThe processes' logs: {work}");
    return 1;
}
finally
{
    await Processes.Stop(simulator);
    await Processes.Stop(hub);
}

static async Task<DevKeys> WaitForKeys(string file)
{
    for (var i = 0; i < 100 && !File.Exists(file); i++)
        await Task.Delay(100);
    return DevKeys.Read(file);
}

internal static class Repo
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OneThing.sln")))
                return dir.FullName;
        throw new InvalidOperationException(
            "Run the bench from inside the repository (OneThing.sln not found above it)."
        );
    }
}
