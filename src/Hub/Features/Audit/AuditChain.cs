using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Audit;

/// <summary>
/// Seals the event log, in order, into a hash chain: each event's hash covers the previous hash and the event's
/// canonical text (sequence, id, stream, version, type, time, who, correlation, causation, headers, data). Every
/// second, the events up to Marten's high water mark (so no gap can still fill in below it) are chained in one
/// batch, whose hash list is signed with the audit key (outside the database, <see cref="IAuditKeyProvider"/>); each
/// seal covers the previous seal's hash, and is published to the witness (<see cref="IAuditWitness"/>) before the
/// next one is made. One node seals at a time (a PostgreSQL advisory lock, held until the witness has the seal).
/// When the database no longer holds what the witness saw (seals and chain deleted to have the history re-sealed),
/// the hub stops sealing rather than sign an edited history; verification names the seal.
/// </summary>
public sealed class AuditChain(
    IDocumentStore store,
    SecretBox box,
    IAuditKeyProvider key,
    IAuditWitness witness,
    ILogger<AuditChain> log) : BackgroundService
{
    public const long SealLock = 0x0_A0D1_7C4A1;
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private string? _refusal;

    public const string Schema = """
        create table if not exists hub.audit_chain (seq_id bigint primary key, event_id uuid not null,
            hash text not null, batch bigint not null);
        create table if not exists hub.audit_seals (batch bigint primary key, from_seq bigint not null,
            to_seq bigint not null,
            digest text not null, signature text not null, sealed_at timestamptz not null default now());
        alter table hub.audit_seals add column if not exists previous text;
        alter table hub.audit_seals add column if not exists key_id text;
        create table if not exists hub.audit_key (id int primary key, public_key text not null,
            sealed_private_key text not null);
        create index if not exists mt_events_audit_correlation on hub.mt_events (correlation_id, seq_id);
        create index if not exists mt_events_audit_type on hub.mt_events (type, seq_id);
        create index if not exists mt_events_audit_time on hub.mt_events (timestamp);
        create index if not exists mt_events_audit_department on hub.mt_events ((headers->>'department'), seq_id);
        """;

    public const string EventColumns = "e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.user_name, "
        + "e.correlation_id, e.causation_id, e.headers::text, e.data::text";

    public const string SealColumns = "s.batch, s.from_seq, s.to_seq, s.digest, s.signature, s.previous, s.key_id";

    /// <summary>The exact text an event's hash covers, read from its stored row (columns as in
    /// <see cref="EventColumns"/>),
    /// with personal values blinded (see <see cref="AuditMasking.Blind"/>).</summary>
    public static string Canonical(NpgsqlDataReader r, SecretBox box, int at = 0) => string.Join('\n',
        r.GetInt64(at), r.GetGuid(at + 1), r.GetString(at + 2), r.GetInt64(at + 3), r.GetString(at + 4),
        r.GetFieldValue<DateTimeOffset>(at + 5).ToUniversalTime().ToString("O"),
        Text(r, at + 6), Text(r, at + 7), Text(r, at + 8), Text(r, at + 9),
        AuditMasking.Blind(Text(r, at + 10), box.Blind));

    private static string Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? "" : r.GetString(i);

    /// <summary>A seal row as read with <see cref="SealColumns"/>.</summary>
    public sealed record StoredSeal(
        long Batch, long From, long To, string Digest, string Signature, string? Previous, string? KeyId)
    {
        public string Hash => ProofCheck.SealHash(Batch, From, To, Digest, Previous);

        public static StoredSeal Read(NpgsqlDataReader r, int at = 0) => new(r.GetInt64(at), r.GetInt64(at + 1),
            r.GetInt64(at + 2), r.GetString(at + 3), r.GetString(at + 4),
            r.IsDBNull(at + 5) ? null : r.GetString(at + 5), r.IsDBNull(at + 6) ? null : r.GetString(at + 6));
    }

    public static async Task EnsureSchema(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Schema + Idempotency.Schema, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            try { await SealAsync(ct); }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException
                or IOException or UnauthorizedAccessException)
            {
                // The database or the witness is away; the next tick resumes (a seal waits for its witness).
                log.LogWarning("Audit sealing paused: {Error}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>Chains and seals what is committed and not yet sealed; returns the number of events sealed.</summary>
    public async Task<int> SealAsync(CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // Held past the commit, until the witness has the seal: the witness sees the seals in their order.
        if (await Scalar<bool>(connection, $"select pg_try_advisory_lock({SealLock})", ct) is false) return 0;
        try
        {
            if (await Anchor(connection, ct) is { } refusal)
            {
                if (refusal != _refusal) log.LogError("Audit sealing stopped: {Refusal}", refusal);
                _refusal = refusal;
                return 0;
            }
            _refusal = null;
            var (count, entry) = await SealBatch(connection, ct);
            if (entry is not null) await witness.PublishAsync(entry, ct);
            return count;
        }
        finally
        {
            try { await Scalar<bool>(connection, $"select pg_advisory_unlock({SealLock})", CancellationToken.None); }
            catch (NpgsqlException) { }   // a broken connection is closed, and its lock goes with it
        }
    }

    /// <summary>
    /// The database against the witness: the newest witnessed seal must be in the database as it was seen; seals the
    /// witness lacks (a crash between commit and publication, or a database from before anchoring) are published
    /// now, in order. Returns why sealing must stop, or null.
    /// </summary>
    private async Task<string?> Anchor(NpgsqlConnection connection, CancellationToken ct)
    {
        var seen = await witness.LastAsync(ct);
        var seals = new List<StoredSeal>();
        await using (var read = new NpgsqlCommand(
            $"select {SealColumns} from hub.audit_seals s where s.batch >= @from order by s.batch", connection))
        {
            read.Parameters.AddWithValue("from", seen?.Batch ?? 0);
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) seals.Add(StoredSeal.Read(r));
        }
        if (seen is not null)
        {
            if (seals.FirstOrDefault(s => s.Batch == seen.Batch) is not { } same)
                return $"seal {seen.Batch} was published to the witness ({witness.Name}) but is not in the database "
                    + "(seals deleted to have the history re-sealed?); see GET /api/audit/verification";
            if (same.Hash != seen.Seal)
                return $"seal {seen.Batch} in the database is not the one the witness ({witness.Name}) saw; "
                    + "see GET /api/audit/verification";
        }
        else if (seals.Any(s => s.Previous is not null))
            return $"the witness ({witness.Name}) has seen nothing, but the database holds anchored seals: restore the "
                + "witness from its backup (docs/OPERATIONS.md)";

        string? legacy = null;
        foreach (var s in seals.Where(s => s.Batch > (seen?.Batch ?? 0)))
        {
            var publicKey = s.KeyId == key.KeyId ? key.PublicKey
                : s.KeyId is null ? legacy ??= await LegacyAuditKey.PublicKey(connection, ct) : null;
            if (publicKey is null)
                return $"seal {s.Batch} is signed by key {s.KeyId ?? "(legacy)"}, which the hub does not know";
            await witness.PublishAsync(Entry(s, publicKey), ct);
        }
        return null;
    }

    private WitnessEntry Entry(StoredSeal s, string publicKey) => new(s.Batch, s.From, s.To, s.Digest, s.Previous,
        s.Hash, s.Signature, s.KeyId, publicKey, DateTimeOffset.UtcNow);

    private async Task<(int, WitnessEntry?)> SealBatch(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        var (lastSeq, lastHash, batch) = (0L, Genesis, 0L);
        const string lastSql = "select seq_id, hash, batch from hub.audit_chain order by seq_id desc limit 1";
        await using (var last = new NpgsqlCommand(lastSql, connection))
        await using (var r = await last.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) (lastSeq, lastHash, batch) = (r.GetInt64(0), r.GetString(1), r.GetInt64(2));
        var highWater = await Scalar<long?>(connection,
            "select last_seq_id from hub.mt_event_progression where name = 'HighWaterMark'", ct) ?? 0;
        if (highWater <= lastSeq) return (0, null);

        var previous = Genesis;
        if (batch > 0)
        {
            await using var read = new NpgsqlCommand(
                $"select {SealColumns} from hub.audit_seals s where s.batch = @batch", connection);
            read.Parameters.AddWithValue("batch", batch);
            await using var r = await read.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return (0, null);   // a seal was deleted: verification names it
            previous = StoredSeal.Read(r).Hash;
        }

        var chained = new List<(long Seq, Guid Id, string Hash)>();
        await using (var read = new NpgsqlCommand($"""
            select {EventColumns} from hub.mt_events e
            where e.seq_id > @from and e.seq_id <= @to order by e.seq_id limit 5000
            """, connection))
        {
            read.Parameters.AddWithValue("from", lastSeq);
            read.Parameters.AddWithValue("to", highWater);
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                lastHash = ProofCheck.AuditHash(lastHash, Canonical(r, box));
                chained.Add((r.GetInt64(0), r.GetGuid(1), lastHash));
            }
        }
        if (chained.Count == 0) return (0, null);

        batch++;
        const string copy = "copy hub.audit_chain (seq_id, event_id, hash, batch) from stdin (format binary)";
        await using (var writer = await connection.BeginBinaryImportAsync(copy, ct))
        {
            foreach (var (seq, id, hash) in chained) await writer.WriteRowAsync(ct, seq, id, hash, batch);
            await writer.CompleteAsync(ct);
        }
        var digest = Convert.ToHexStringLower(
            SHA256.HashData(Encoding.ASCII.GetBytes(string.Concat(chained.Select(c => c.Hash)))));
        var (from, to) = (chained[0].Seq, chained[^1].Seq);
        var signature = Convert.ToBase64String(
            key.Sign(Encoding.ASCII.GetBytes(ProofCheck.SignedText(batch, from, to, digest, previous))));
        await using (var seal = new NpgsqlCommand("""
            insert into hub.audit_seals (batch, from_seq, to_seq, digest, signature, previous, key_id)
            values (@b, @f, @t, @d, @s, @p, @k)
            """, connection))
        {
            seal.Parameters.AddWithValue("b", batch);
            seal.Parameters.AddWithValue("f", from);
            seal.Parameters.AddWithValue("t", to);
            seal.Parameters.AddWithValue("d", digest);
            seal.Parameters.AddWithValue("s", signature);
            seal.Parameters.AddWithValue("p", previous);
            seal.Parameters.AddWithValue("k", key.KeyId);
            await seal.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (chained.Count, Entry(new StoredSeal(batch, from, to, digest, signature, previous, key.KeyId),
            key.PublicKey));
    }

    private static async Task<T?> Scalar<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }
}
