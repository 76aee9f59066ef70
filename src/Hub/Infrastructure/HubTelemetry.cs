using System.Diagnostics.Metrics;
using Marten;
using Npgsql;
using OpenTelemetry.Metrics;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// /metrics in Prometheus text through OpenTelemetry: ASP.NET Core request rates and latencies, the runtime,
/// Wolverine's and Marten's own meters, and the hub's gauges of durable work (queue depth, scheduled messages, dead
/// letters), which a background loop refreshes every few seconds so a scrape never waits on the database. Features
/// add gauges of their own to the meter named <see cref="MeterName"/>.
/// </summary>
public sealed class HubTelemetry(IDocumentStore store, ILogger<HubTelemetry> log) : BackgroundService
{
    public const string MeterName = "OneThing.Hub";
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private static readonly Meter Meter = new(MeterName);
    private static double _queued, _deadLetters, _scheduled;

    static HubTelemetry()
    {
        Meter.CreateObservableGauge("onething_queue_depth", () => _queued,
            description: "Durable messages waiting to be handled");
        Meter.CreateObservableGauge("onething_scheduled_messages", () => _scheduled,
            description: "Deadlines and retries scheduled");
        Meter.CreateObservableGauge("onething_dead_letters", () => _deadLetters,
            description: "Messages in Wolverine's dead-letter storage");
    }

    public static void Configure(MeterProviderBuilder metrics) => metrics
        .AddAspNetCoreInstrumentation().AddRuntimeInstrumentation()
        .AddMeter(MeterName, "Wolverine:*", "Wolverine", "Marten")
        .AddPrometheusExporter();

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Refresh);
        do
        {
            try
            {
                await using var session = store.QuerySession();
                await using var command = new NpgsqlCommand("""
                    select (select count(*) from hub.wolverine_incoming_envelopes where status = 'Incoming'),
                           (select count(*) from hub.wolverine_incoming_envelopes where status = 'Scheduled'),
                           (select count(*) from hub.wolverine_dead_letters)
                    """, (NpgsqlConnection)session.Connection!);
                await using var reader = await command.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                (_queued, _scheduled, _deadLetters) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogDebug(e, "Telemetry gauges not refreshed");   // the database is away; /health/ready says so
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }
}
