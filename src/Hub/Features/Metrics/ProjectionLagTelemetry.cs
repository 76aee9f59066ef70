using System.Diagnostics.Metrics;
using Marten;
using Npgsql;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Metrics;

/// <summary>
/// The async projections' lag on the hub's meter (<see cref="HubTelemetry.MeterName"/>), refreshed in the background
/// like the other gauges so that a scrape never waits on the database.
/// </summary>
public sealed class ProjectionLagTelemetry(IDocumentStore store, ILogger<ProjectionLagTelemetry> log)
    : BackgroundService
{
    private static readonly Meter Meter = new(HubTelemetry.MeterName);
    private static double _lagSeconds, _lagEvents;

    static ProjectionLagTelemetry()
    {
        Meter.CreateObservableGauge("onething_projection_lag_seconds", () => _lagSeconds,
            description: "Age of the oldest event the async projections have not processed");
        Meter.CreateObservableGauge("onething_projection_lag_events", () => _lagEvents,
            description: "Events the async projections have not processed");
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(HubTelemetry.Refresh);
        do
        {
            try
            {
                await using var session = store.QuerySession();
                var freshness = await Freshness.Of(session, ct);
                (_lagSeconds, _lagEvents) = (freshness.LagSeconds, freshness.HighWaterMark - freshness.Processed);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogDebug(e, "Projection lag gauges not refreshed");   // the database is away; /health/ready says so
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }
}
