using Marten;
using Npgsql;

namespace OneThing.Hub.Infrastructure;

/// <summary>What each purge removed.</summary>
public sealed record Purged(int InboxItems, int Pickups, int DeadLetters);

/// <summary>
/// Retention of the stores that only carry data on its way (docs/OPERATIONS.md lists every store): acknowledged
/// inbox messages, exchange answers their consumer never picked up and dead letters are deleted once older than
/// their retention (HUB_RETENTION_*). Hourly, on one node at a time (a transaction's advisory lock, as the audit
/// sealer does); the events that recorded the work stay.
/// </summary>
public sealed class Retention(IDocumentStore store, HubOptions hub, TimeProvider clock, ILogger<Retention> log)
    : BackgroundService
{
    private const long PurgeLock = 0x0_4E7E_471;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try { await PurgeAsync(clock.GetUtcNow(), ct); }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning("Retention purge skipped this hour: {Error}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>Deletes what is past its retention at <paramref name="now"/>; nothing when another node is at
    /// it.</summary>
    public async Task<Purged> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockIt = new NpgsqlCommand($"select pg_try_advisory_xact_lock({PurgeLock})", connection))
            if (await lockIt.ExecuteScalarAsync(ct) is not true) return new Purged(0, 0, 0);

        async Task<int> Delete(string sql, TimeSpan kept)
        {
            await using var delete = new NpgsqlCommand(sql, connection);
            delete.Parameters.AddWithValue("before", (now - kept).ToUniversalTime());
            return await delete.ExecuteNonQueryAsync(ct);
        }
        var purged = new Purged(
            await Delete("""
                delete from hub.mt_doc_inboxitem
                where data->>'ackedAt' is not null and (data->>'ackedAt')::timestamptz < @before
                """, hub.InboxRetention),
            await Delete("delete from hub.mt_doc_exchangepickup where mt_last_modified < @before", hub.PickupRetention),
            await Delete("""
                delete from hub.wolverine_dead_letters where coalesce(failed_at, sent_at, execution_time) < @before
                """, hub.DeadLetterRetention));
        // A department's own list of its dead letters (Delivery's DeadLetterView) forgets them with the letters.
        await Delete("""
            delete from hub.mt_doc_deadletterview where (data->>'deadLetteredAt')::timestamptz < @before
            """, hub.DeadLetterRetention);
        await tx.CommitAsync(ct);
        return purged;
    }
}
