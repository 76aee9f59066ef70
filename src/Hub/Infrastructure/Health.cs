using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OneThing.Hub.Infrastructure;

/// <summary>Ready when PostgreSQL answers, within <see cref="Within"/>, and the event store's schema is in
/// place.</summary>
public sealed class DatabaseReady(IDocumentStore store) : IHealthCheck
{
    /// <summary>
    /// A network that drops packets (a partition, a dead link) gives no error: a pooled connection's query waits for
    /// the command timeout (30 s), and so would the load balancer asking. Past this the node says it is not ready at
    /// once (docs/OPERATIONS.md, "Network faults").
    /// </summary>
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        // The token ends the query too (Npgsql cancels it, then breaks the connection): no connection stays taken.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Within);
        try
        {
            return await Check(bounded.Token).WaitAsync(Within, ct);
        }
        catch (Exception e) when (e is TimeoutException
            || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer within {Within.TotalSeconds} s.");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
        }
    }

    private async Task<HealthCheckResult> Check(CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select to_regclass('{store.Options.Events.DatabaseSchemaName}.mt_events') is not null", connection);
        return await command.ExecuteScalarAsync(ct) is true
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The event store schema is not applied.");
    }
}
