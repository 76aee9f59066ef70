using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OneThing.Bench;

/// <summary>bench/results/latest.json: the headline figures (the keys the docs and issue 8 name), then every
/// phase.</summary>
public sealed record BenchResult(
    double WriteRps,
    double RawRps,
    double WriteRatioVsRaw,
    double WriteP99Ms,
    double ExchangeRatioVsDirect,
    double ExchangeOverheadP50Ms,
    double ApplicationE2eP50Ms,
    double ProjectionLagP99Ms,
    double ColdStartMs,
    double RssMb,
    Details Details
);

public sealed record Details(
    DateTimeOffset At,
    int Cores,
    double RunSeconds,
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
    double ApplicationE2eP99Ms,
    ProjectionLag.Result ProjectionLag
);

public static class Results
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static BenchResult From(
        (LoadResult One, LoadResult Sixteen) raw,
        LoadResult write1,
        LoadResult write16,
        LoadResult direct1,
        LoadResult direct16,
        LoadResult hub1,
        LoadResult hub16,
        List<double> applications,
        int applicationFailures,
        ProjectionLag.Result lag,
        double coldStartMs,
        double rssMb,
        double runSeconds
    ) =>
        new(
            write16.Rps,
            raw.Sixteen.Rps,
            Ratio(write16.Rps, raw.Sixteen.Rps),
            write16.P99,
            Ratio(hub16.Rps, direct16.Rps),
            Math.Round(hub1.P50 - direct1.P50, 2),
            Math.Round(Load.Percentile(applications, 0.5), 1),
            lag.P99,
            Math.Round(coldStartMs),
            rssMb,
            new Details(
                DateTimeOffset.UtcNow,
                Environment.ProcessorCount,
                Math.Round(runSeconds),
                raw.One,
                raw.Sixteen,
                write1,
                write16,
                direct1,
                direct16,
                hub1,
                hub16,
                applications.Count,
                applicationFailures,
                Math.Round(Load.Percentile(applications, 0.99), 1),
                lag
            )
        );

    private static double Ratio(double a, double b) => b == 0 ? 0 : Math.Round(a / b, 3);

    public static async Task Write(BenchResult result, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, Json) + "\n");
    }

    /// <summary>The table docs/BENCHMARKS.md keeps: each figure, its target from issue 8, whether this run met
    /// it.</summary>
    public static string Markdown(BenchResult r)
    {
        var d = r.Details;
        var t = new StringBuilder();
        string F(double v, string format = "F1") =>
            double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);
        void Row(string what, string value, string target = "", bool? met = null) =>
            t.Append($"| {what} | {value} | {target} | {(met is null ? "" : met.Value ? "yes" : "**no**")} |\n");
        t.Append(
            $"Run of {d.At:yyyy-MM-dd HH:mm} UTC, {d.Cores} cores, load generator, hub, simulator and PostgreSQL on "
            + $"the same machine, {d.RunSeconds:F0} s.\n\n"
        );
        t.Append("| figure | this run | target | met |\n| --- | ---: | ---: | :---: |\n");
        Row("raw Npgsql, 1 row/commit, c=1 · c=16 (/s)", $"{F(d.Raw1.Rps, "F0")} · {F(d.Raw16.Rps, "F0")}");
        Row(
            "licence push, c=1: /s · p50 · p99 (ms) · hub CPU ms/push",
            $"{F(d.Write1.Rps, "F0")} · {F(d.Write1.P50)} · {F(d.Write1.P99)} · {F(d.Write1.HubCpuMsPerOp, "F2")}"
        );
        Row(
            "licence push, c=16: /s · p50 · p99 (ms) · hub CPU ms/push",
            $"{F(d.Write16.Rps, "F0")} · {F(d.Write16.P50)} · {F(d.Write16.P99)} · {F(d.Write16.HubCpuMsPerOp, "F2")}"
        );
        Row("`write_ratio_vs_raw` (c=16)", F(r.WriteRatioVsRaw, "F3"), "≥ 0.5", r.WriteRatioVsRaw >= 0.5);
        Row("`write_p99_ms` (c=16)", F(r.WriteP99Ms), "< 50", r.WriteP99Ms < 50);
        Row(
            "direct query, c=1 · c=16: /s (p50 ms)",
            $"{F(d.Direct1.Rps, "F0")} ({F(d.Direct1.P50, "F2")}) · {F(d.Direct16.Rps, "F0")} "
            + $"({F(d.Direct16.P50, "F2")})"
        );
        Row(
            "hub exchange, c=1 · c=16: /s (p50 ms) · hub CPU ms/exchange at c=16",
            $"{F(d.Exchange1.Rps, "F0")} ({F(d.Exchange1.P50)}) · {F(d.Exchange16.Rps, "F0")} "
            + $"({F(d.Exchange16.P50)}) · {F(d.Exchange16.HubCpuMsPerOp, "F2")}"
        );
        Row(
            "`exchange_ratio_vs_direct` (c=16)",
            F(r.ExchangeRatioVsDirect, "F3"),
            "≥ 0.5",
            r.ExchangeRatioVsDirect >= 0.5
        );
        Row("`exchange_overhead_p50_ms` (c=1)", F(r.ExchangeOverheadP50Ms));
        Row(
            $"`application_e2e_p50_ms` (newborn, {d.Applications} runs; p99)",
            $"{F(r.ApplicationE2eP50Ms, "F0")} ({F(d.ApplicationE2eP99Ms, "F0")})"
        );
        Row(
            $"`projection_lag_p99_ms` at {F(d.ProjectionLag.EventsPerSecond, "F0")} events/s (p50)",
            $"{F(r.ProjectionLagP99Ms, "F0")} ({F(d.ProjectionLag.P50, "F0")})",
            "< 1000 at 300/s",
            r.ProjectionLagP99Ms < 1000
        );
        Row("`cold_start_ms`", F(r.ColdStartMs, "F0"), "< 2000", r.ColdStartMs < 2000);
        Row("`rss_mb` (peak)", F(r.RssMb, "F0"), "< 400", r.RssMb < 400);
        return t.ToString();
    }
}
