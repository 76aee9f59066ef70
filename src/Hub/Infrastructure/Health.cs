using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OneThing.Hub.Infrastructure;

/// <summary>Ready when PostgreSQL answers and the event store's schema is in place.</summary>
public sealed class DatabaseReady(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                $"select to_regclass('{store.Options.Events.DatabaseSchemaName}.mt_events') is not null", connection);
            return await command.ExecuteScalarAsync(ct) is true
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The event store schema is not applied.");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
        }
    }
}
