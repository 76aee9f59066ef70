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
/// batch, whose hash list is signed with the hub's audit key. One node seals at a time (a PostgreSQL advisory lock).
/// </summary>
public sealed class AuditChain(IDocumentStore store, SecretBox box, ILogger<AuditChain> log) : BackgroundService
{
    private const long SealLock = 0x0_A0D1_7C4A1;
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public const string Schema = """
        create table if not exists hub.audit_chain (seq_id bigint primary key, event_id uuid not null,
            hash text not null, batch bigint not null);
        create table if not exists hub.audit_seals (batch bigint primary key, from_seq bigint not null,
            to_seq bigint not null,
            digest text not null, signature text not null, sealed_at timestamptz not null default now());
        create table if not exists hub.audit_key (id int primary key, public_key text not null,
            sealed_private_key text not null);
        create index if not exists mt_events_audit_correlation on hub.mt_events (correlation_id, seq_id);
        create index if not exists mt_events_audit_type on hub.mt_events (type, seq_id);
        create index if not exists mt_events_audit_time on hub.mt_events (timestamp);
        create index if not exists mt_events_audit_department on hub.mt_events ((headers->>'department'), seq_id);
        """;

    public const string EventColumns = "e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.user_name, "
        + "e.correlation_id, e.causation_id, e.headers::text, e.data::text";

    /// <summary>The exact text an event's hash covers, read from its stored row (columns as in
    /// <see cref="EventColumns"/>),
    /// with personal values blinded (see <see cref="AuditMasking.Blind"/>).</summary>
    public static string Canonical(NpgsqlDataReader r, SecretBox box, int at = 0) => string.Join('\n',
        r.GetInt64(at), r.GetGuid(at + 1), r.GetString(at + 2), r.GetInt64(at + 3), r.GetString(at + 4),
        r.GetFieldValue<DateTimeOffset>(at + 5).ToUniversalTime().ToString("O"),
        Text(r, at + 6), Text(r, at + 7), Text(r, at + 8), Text(r, at + 9),
        AuditMasking.Blind(Text(r, at + 10), box.Blind));

    private static string Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? "" : r.GetString(i);

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
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The database is away; the next tick resumes.
                log.LogWarning("Audit sealing paused: {Error}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>Chains and seals what is committed and not yet sealed; returns the number of events sealed.</summary>
    public async Task<int> SealAsync(CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await Scalar<bool>(connection, $"select pg_try_advisory_xact_lock({SealLock})", ct) is false) return 0;

        var (lastSeq, lastHash, batch) = (0L, Genesis, 0L);
        const string lastSql = "select seq_id, hash, batch from hub.audit_chain order by seq_id desc limit 1";
        await using (var last = new NpgsqlCommand(lastSql, connection))
        await using (var r = await last.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) (lastSeq, lastHash, batch) = (r.GetInt64(0), r.GetString(1), r.GetInt64(2));
        var highWater = await Scalar<long?>(connection,
            "select last_seq_id from hub.mt_event_progression where name = 'HighWaterMark'", ct) ?? 0;
        if (highWater <= lastSeq) return 0;

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
        if (chained.Count == 0) return 0;

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
        using var key = await AuditKey.Load(connection, box, ct);
        var signature = Convert.ToBase64String(
            key.SignData(Encoding.ASCII.GetBytes($"{batch}|{from}|{to}|{digest}"), HashAlgorithmName.SHA256));
        await using (var seal = new NpgsqlCommand(
            "insert into hub.audit_seals (batch, from_seq, to_seq, digest, signature) values (@b, @f, @t, @d, @s)",
            connection))
        {
            seal.Parameters.AddWithValue("b", batch);
            seal.Parameters.AddWithValue("f", from);
            seal.Parameters.AddWithValue("t", to);
            seal.Parameters.AddWithValue("d", digest);
            seal.Parameters.AddWithValue("s", signature);
            await seal.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return chained.Count;
    }

    private static async Task<T?> Scalar<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }
}

/// <summary>The hub's audit key (ECDSA P-256): made once, kept sealed with the hub's own key; its public half is in
/// every proof bundle.</summary>
public static class AuditKey
{
    public static async Task<ECDsa> Load(NpgsqlConnection connection, SecretBox box, CancellationToken ct)
    {
        const string sealedSql = "select sealed_private_key from hub.audit_key where id = 1";
        await using (var read = new NpgsqlCommand(sealedSql, connection))
            if (await read.ExecuteScalarAsync(ct) is string stored)
            {
                var key = ECDsa.Create();
                key.ImportPkcs8PrivateKey(Convert.FromBase64String(box.Open(stored)), out _);
                return key;
            }
        var made = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using (var write = new NpgsqlCommand("""
            insert into hub.audit_key (id, public_key, sealed_private_key) values (1, @p, @s)
            on conflict (id) do nothing
            """, connection))
        {
            write.Parameters.AddWithValue("p", Convert.ToBase64String(made.ExportSubjectPublicKeyInfo()));
            write.Parameters.AddWithValue("s", box.Seal(Convert.ToBase64String(made.ExportPkcs8PrivateKey())));
            await write.ExecuteNonQueryAsync(ct);
        }
        made.Dispose();
        return await Load(connection, box, ct);   // whoever wrote first, everyone signs with the same key
    }

    /// <summary>The public half is stored beside the sealed key: reading it opens nothing (the key is made on first
    /// use).</summary>
    public static async Task<string> PublicKey(NpgsqlConnection connection, SecretBox box, CancellationToken ct)
    {
        await using (var read = new NpgsqlCommand("select public_key from hub.audit_key where id = 1", connection))
            if (await read.ExecuteScalarAsync(ct) is string stored) return stored;
        using var key = await Load(connection, box, ct);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }
}
