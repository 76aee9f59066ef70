using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OneThing.Bench;

/// <summary>One figure over the rounds: the median, the spread ((max − min) / median) and every round's value.
/// </summary>
public sealed record Figure(double Median, double Spread, IReadOnlyList<double> Rounds)
{
    public static Figure Of(IEnumerable<double> values)
    {
        var all = values.ToList();
        var sorted = all.Where(v => !double.IsNaN(v)).Order().ToList();
        if (sorted.Count == 0)
            return new Figure(double.NaN, double.NaN, all);
        var median = sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        var spread = median == 0 ? 0 : (sorted[^1] - sorted[0]) / Math.Abs(median);
        return new Figure(Math.Round(median, 3), Math.Round(spread, 3), all);
    }
}

/// <summary>One round of the interleaved phases: the raw limit, then the hub, then again in the next round, so a
/// neighbour's load on the shared machine falls on both sides of each ratio.</summary>
public sealed record Round(
    int Number,
    LoadResult Raw1,
    LoadResult Raw16,
    LoadResult Write1,
    LoadResult Write16,
    LoadResult Direct1,
    LoadResult Direct16,
    LoadResult Exchange1,
    LoadResult Exchange16,
    int Applications,
    int ApplicationFailures,
    double ApplicationE2eP50Ms,
    double ApplicationE2eP99Ms,
    ProjectionLag.Result ProjectionLag
)
{
    public double WriteRatioVsRaw => Ratio(Write16.Rps, Raw16.Rps);

    // A durable exchange needs about four commits (the query, the provider's delivery, the answer, the hand-over).
    public double ExchangeRatioVsRaw4 => Ratio(Exchange16.Rps, Raw16.Rps / 4);
    public double ExchangeRatioVsDirect => Ratio(Exchange16.Rps, Direct16.Rps);
    public double ExchangeOverheadP50Ms => Math.Round(Exchange1.P50 - Direct1.P50, 2);

    private static double Ratio(double a, double b) => b == 0 ? double.NaN : Math.Round(a / b, 3);
}

/// <summary>bench/results/latest.json: the headline figures (median, spread and rounds of each), every round's
/// phases, and the single measurements (cold start, memory).</summary>
public sealed record BenchResult(
    DateTimeOffset At,
    int Cores,
    double RunSeconds,
    int RoundCount,
    IReadOnlyDictionary<string, Figure> Figures,
    double ColdStartMs,
    double RssMb,
    IReadOnlyList<Round> Rounds
);

public static class Results
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>A spread beyond this means the machine moved under the run: the figure is flagged, not trusted.
    /// </summary>
    public const double NoisySpread = 0.25;

    /// <summary>Issue 20's targets: the figure's key, its bound and whether higher is better.</summary>
    private static readonly (string Key, string What, double Bound, bool AtLeast)[] Targets =
    [
        ("write_ratio_vs_raw", "licence pushes/s ÷ raw commits/s, c=16", 0.25, true),
        ("write_p99_ms", "licence push p99 at c=16 (ms)", 25, false),
        ("write_hub_cpu_ms", "hub CPU per push at c=16 (ms)", 0.4, false),
        ("exchange_ratio_vs_raw4", "exchanges/s ÷ (raw commits/s ÷ 4), c=16", 0.3, true),
        ("exchange_overhead_p50_ms", "exchange p50 − direct p50 at c=1 (ms)", 5, false),
        ("exchange_hub_cpu_ms", "hub CPU per exchange at c=16 (ms)", 1.5, false),
        ("application_e2e_p50_ms", "newborn (five services), submission to results delivered, p50 (ms)", 100, false),
        ("projection_lag_p99_ms", "async projections' lag p99 (ms)", 250, false),
    ];

    public static BenchResult From(IReadOnlyList<Round> rounds, double coldStartMs, double rssMb, double runSeconds)
    {
        Figure F(Func<Round, double> of) => Figure.Of(rounds.Select(of));
        var figures = new Dictionary<string, Figure>
        {
            ["raw_rps"] = F(r => r.Raw16.Rps),
            ["raw1_rps"] = F(r => r.Raw1.Rps),
            ["write_rps"] = F(r => r.Write16.Rps),
            ["write1_rps"] = F(r => r.Write1.Rps),
            ["write_ratio_vs_raw"] = F(r => r.WriteRatioVsRaw),
            ["write_p99_ms"] = F(r => r.Write16.P99),
            ["write_hub_cpu_ms"] = F(r => r.Write16.HubCpuMsPerOp),
            ["write_db_cpu_ms"] = F(r => r.Write16.DbCpuMsPerOp),
            ["write_statements"] = F(r => r.Write16.StatementsPerOp),
            ["raw_statements"] = F(r => r.Raw16.StatementsPerOp),
            ["direct_rps"] = F(r => r.Direct16.Rps),
            ["exchange_rps"] = F(r => r.Exchange16.Rps),
            ["exchange_p50_ms"] = F(r => r.Exchange16.P50),
            ["exchange_ratio_vs_raw4"] = F(r => r.ExchangeRatioVsRaw4),
            ["exchange_ratio_vs_direct"] = F(r => r.ExchangeRatioVsDirect),
            ["exchange_overhead_p50_ms"] = F(r => r.ExchangeOverheadP50Ms),
            ["exchange_hub_cpu_ms"] = F(r => r.Exchange16.HubCpuMsPerOp),
            ["exchange1_hub_cpu_ms"] = F(r => r.Exchange1.HubCpuMsPerOp),
            ["exchange_db_cpu_ms"] = F(r => r.Exchange16.DbCpuMsPerOp),
            ["exchange_statements"] = F(r => r.Exchange16.StatementsPerOp),
            ["exchange1_statements"] = F(r => r.Exchange1.StatementsPerOp),
            ["bench_cpu_ms_per_push"] = F(r => r.Write16.BenchCpuMsPerOp),
            ["bench_cpu_ms_per_exchange"] = F(r => r.Exchange16.BenchCpuMsPerOp),
            ["application_e2e_p50_ms"] = F(r => r.ApplicationE2eP50Ms),
            ["projection_lag_p99_ms"] = F(r => r.ProjectionLag.P99),
            ["projection_lag_events_per_s"] = F(r => r.ProjectionLag.EventsPerSecond),
        };
        return new BenchResult(
            DateTimeOffset.UtcNow,
            Environment.ProcessorCount,
            Math.Round(runSeconds),
            rounds.Count,
            figures,
            Math.Round(coldStartMs),
            rssMb,
            rounds
        );
    }

    public static async Task Write(BenchResult result, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, Json) + "\n");
    }

    private static string N(double v, string format = "F1") =>
        double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    private static string Of(Figure f, string format) =>
        $"{N(f.Median, format)} ({N(f.Spread * 100, "F0")} %)";

    /// <summary>The tables docs/BENCHMARKS.md keeps: each target's median, spread and rounds, whether the median met
    /// it (flagged where the spread says the machine moved), then every round's phases.</summary>
    public static string Markdown(BenchResult r)
    {
        var t = new StringBuilder();
        t.Append(
            $"Run of {r.At:yyyy-MM-dd HH:mm} UTC, {r.Cores} cores, load generator, hub, simulator and PostgreSQL on "
            + $"the same machine, {r.RoundCount} interleaved rounds, {r.RunSeconds:F0} s.\n\n"
        );
        t.Append("| target | median (spread) | rounds | target | met |\n| --- | ---: | ---: | ---: | :---: |\n");
        foreach (var (key, what, bound, atLeast) in Targets)
        {
            var f = r.Figures[key];
            var met = double.IsNaN(f.Median) ? (bool?)null : atLeast ? f.Median >= bound : f.Median <= bound;
            var noisy = f.Spread > NoisySpread ? " (spread over 25 %: noisy)" : "";
            t.Append(
                $"| `{key}`: {what} | {Of(f, "F3")} | {string.Join(" · ", f.Rounds.Select(v => N(v, "F2")))} | "
                + $"{(atLeast ? "≥" : "≤")} {N(bound, "G")} | {(met is null ? "–" : met.Value ? "yes" : "**no**")}"
                + $"{noisy} |\n"
            );
        }
        string Met(bool met) => met ? "yes" : "**no**";
        t.Append($"| `cold_start_ms` | {N(r.ColdStartMs, "F0")} | 1 | ≤ 1000 | {Met(r.ColdStartMs <= 1000)} |\n");
        t.Append($"| `rss_mb` (peak) | {N(r.RssMb, "F0")} | 1 | ≤ 300 | {Met(r.RssMb <= 300)} |\n\n");

        t.Append("| other figure | median (spread) |\n| --- | ---: |\n");
        foreach (var (key, f) in r.Figures.Where(x => Targets.All(target => target.Key != x.Key)))
            t.Append($"| `{key}` | {Of(f, "F2")} |\n");

        t.Append(
            "\n| round · phase | /s | p50 ms | p99 ms | CPU ms/op hub · db · bench | statements/op |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: |\n"
        );
        foreach (var round in r.Rounds)
        {
            foreach (var (name, p) in new[]
                     {
                         ("raw c=1", round.Raw1), ("raw c=16", round.Raw16), ("push c=1", round.Write1),
                         ("push c=16", round.Write16), ("direct c=1", round.Direct1), ("direct c=16", round.Direct16),
                         ("exchange c=1", round.Exchange1), ("exchange c=16", round.Exchange16),
                     })
                t.Append(
                    $"| {round.Number} · {name} | {N(p.Rps, "F0")} | {N(p.P50, "F2")} | {N(p.P99, "F2")} | "
                    + $"{N(p.HubCpuMsPerOp, "F2")} · {N(p.DbCpuMsPerOp, "F2")} · {N(p.BenchCpuMsPerOp, "F2")} | "
                    + $"{N(p.StatementsPerOp, "F1")} |\n"
                );
            t.Append(
                $"| {round.Number} · newborn application ({round.Applications}, {round.ApplicationFailures} failed) | "
                + $"| {N(round.ApplicationE2eP50Ms, "F0")} | {N(round.ApplicationE2eP99Ms, "F0")} | | |\n"
            );
            t.Append(
                $"| {round.Number} · projection lag at {N(round.ProjectionLag.EventsPerSecond, "F0")} events/s | | "
                + $"{N(round.ProjectionLag.P50, "F0")} | {N(round.ProjectionLag.P99, "F0")} | | |\n"
            );
        }
        return t.ToString();
    }
}
