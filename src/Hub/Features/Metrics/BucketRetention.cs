using Marten;
using Npgsql;

namespace OneThing.Hub.Features.Metrics;

/// <summary>
/// Keeps the fine figure buckets bounded: minutes for <see cref="FigureBuckets.MinutesKept"/> and hours for <see
/// cref="FigureBuckets.HoursKept"/> after they were last written (the daemon writes a step's bucket during that step,
/// or while it catches up); days and months stay. Hourly; deleting twice is harmless, so every node may do it.
/// </summary>
public sealed class BucketRetention(IDocumentStore store, ILogger<BucketRetention> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try { await PurgeAsync(ct); }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning("Figure buckets not purged this hour: {Error}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>Deletes the minute and hour buckets past their retention; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct, TimeSpan? minutesKept = null, TimeSpan? hoursKept = null)
    {
        var table = $"{store.Options.DatabaseSchemaName}.mt_doc_figurebucket";
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var delete = new NpgsqlCommand(
            $"""
            delete from {table}
            where (id like 'minute:%' and mt_last_modified < now() - @minutes)
               or (id like 'hour:%' and mt_last_modified < now() - @hours)
            """, connection);
        delete.Parameters.AddWithValue("minutes", minutesKept ?? FigureBuckets.MinutesKept);
        delete.Parameters.AddWithValue("hours", hoursKept ?? FigureBuckets.HoursKept);
        return await delete.ExecuteNonQueryAsync(ct);
    }
}
