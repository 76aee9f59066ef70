using System.Security.Cryptography;
using Npgsql;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// What keeps the hub's keys and its database in step: a check at start (a wrong or missing key is named before
/// anything sealed is used) and the re-seal of a key rotation (docs/OPERATIONS.md).
/// </summary>
/// <remarks>
/// The check keeps, per key id, a value sealed under that key, and a keyed digest of a constant under the
/// blind-index key. None of it opens anything: a database reader learns only which key ids were used.
/// </remarks>
public static class SecretKeys
{
    private const string Canary = "onething: the key that sealed this database";

    public const string Schema = """
        create schema if not exists hub;
        create table if not exists hub.secret_key_checks (purpose text primary key, value text not null,
            made_at timestamptz not null default now());
        """;

    /// <summary>Every value the hub keeps sealed: its table, key and column. Text columns hold
    /// <see cref="SecretBox.Seal(string)"/>'s form, bytea columns the bytes; a jsonb path names a text member.
    /// </summary>
    private static readonly (string Table, string Key, string Column, string? Member)[] Sealed =
    [
        ("hub.mt_doc_webhooksecret", "id", "data", "sealed"),
        ("hub.idempotency", "scope", "body", null),
        ("hub.audit_key", "id", "sealed_private_key", null),
    ];

    public sealed record Resealed(string KeyId, int Values, IReadOnlyList<string> Retired, string? Warning);

    /// <summary>Refuses to go on with a key that is not the one its id sealed with, without a key the database
    /// still needs, or with another blind-index key; on a first start, records the keys it is given.</summary>
    public static async Task Check(string connectionString, SecretBox box, string setting, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await Execute(connection, Schema, ct);
        var stored = new Dictionary<string, string>();
        await using (var read = new NpgsqlCommand("select purpose, value from hub.secret_key_checks", connection))
        await using (var r = await read.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                stored[r.GetString(0)] = r.GetString(1);

        var problems = new List<string>();
        foreach (var id in box.KeyIds)
        {
            if (!stored.TryGetValue($"seal:{id}", out var check))
                await Record(connection, $"seal:{id}", box.SealUnder(id, Canary), ct);
            else if (!Opens(box, check))
                problems.Add($"{setting}: key id '{id}' is not the key that sealed this database's values under that "
                    + $"id. Give the right key for '{id}'; a new key takes a new id, listed first.");
        }
        foreach (var purpose in stored.Keys.Where(p => p.StartsWith("seal:", StringComparison.Ordinal)))
            if (purpose[5..] is var id && !box.KeyIds.Contains(id))
                problems.Add($"Values in this database are sealed with key id '{id}', which {setting} does not list. "
                    + "Add it back after the sealing key, run `dotnet Hub.dll reseal` (./hub.sh reseal), then remove "
                    + "it.");
        if (!stored.TryGetValue("index", out var index))
            await Record(connection, "index", box.IndexCheck, ct);
        else if (index != box.IndexCheck)
            problems.Add("The blind-index key is not the one this database's holder index and audit chain were made "
                + "with. Set HUB_INDEX_KEY to what `dotnet Hub.dll index-key` printed under the old keys, or list the "
                + "oldest key last.");
        if (problems.Count > 0) throw new HubConfigurationException(string.Join(" ", problems));
    }

    private static bool Opens(SecretBox box, string check)
    {
        try { return box.Open(check) == Canary; }
        catch (CryptographicException) { return false; }
        catch (FormatException) { return false; }
    }

    /// <summary>
    /// Seals every sealed value again under the current key, in one transaction, and forgets the other keys' checks:
    /// after it, only the current key is needed (and HUB_INDEX_KEY, when the indexes were keyed from an old key).
    /// </summary>
    public static async Task<Resealed> Reseal(string connectionString, SecretBox box, bool indexKeySet,
        CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await Execute(connection, Schema, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var values = 0;
        foreach (var (table, key, column, member) in Sealed)
        {
            if (await Scalar(connection, $"select to_regclass('{table}') is not null", ct) is not true) continue;
            var value = member is null ? column : $"{column}->>'{member}'";
            var rows = new List<(object Key, object Value)>();
            await using (var read = new NpgsqlCommand(
                $"select {key}, {value} from {table} where {value} is not null for update", connection, tx))
            await using (var r = await read.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    rows.Add((r.GetValue(0), r.GetValue(1)));
            foreach (var (id, old) in rows)
            {
                object? again = old switch
                {
                    string text when SecretBox.SealedWith(text) != box.CurrentKeyId => box.Seal(box.Open(text)),
                    byte[] bytes when SecretBox.SealedWith(bytes) != box.CurrentKeyId => box.Seal(box.Open(bytes)),
                    _ => null,
                };
                if (again is null) continue;
                var set = member is null ? "@v" : $"jsonb_set({column}, '{{{member}}}', to_jsonb(@v::text))";
                await using var write = new NpgsqlCommand(
                    $"update {table} set {column} = {set} where {key} = @k", connection, tx);
                write.Parameters.AddWithValue("k", id);
                write.Parameters.AddWithValue("v", again);
                await write.ExecuteNonQueryAsync(ct);
                values++;
            }
        }
        var retired = new List<string>();
        await using (var forget = new NpgsqlCommand(
            "delete from hub.secret_key_checks where purpose like 'seal:%' and purpose <> @p returning purpose",
            connection, tx))
        {
            forget.Parameters.AddWithValue("p", $"seal:{box.CurrentKeyId}");
            await using var r = await forget.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) retired.Add(r.GetString(0)[5..]);
        }
        await tx.CommitAsync(ct);
        var oldest = box.KeyIds.Last();
        var warning = !indexKeySet && oldest != box.CurrentKeyId
            ? $"The blind indexes are keyed from the oldest key '{oldest}': before removing it, set HUB_INDEX_KEY to "
                + "what `dotnet Hub.dll index-key` prints now."
            : null;
        return new Resealed(box.CurrentKeyId, values, retired, warning);
    }

    private static async Task Record(NpgsqlConnection connection, string purpose, string value, CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand(
            "insert into hub.secret_key_checks (purpose, value) values (@p, @v) on conflict (purpose) do nothing",
            connection);
        insert.Parameters.AddWithValue("p", purpose);
        insert.Parameters.AddWithValue("v", value);
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }

    /// <summary>The check at start, before the hub's own work opens anything sealed.</summary>
    public sealed class StartupCheck(HubOptions hub, SecretBox box) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) =>
            Check(hub.Database, box, hub.SecretKeys is null ? "HUB_SECRET_KEY" : "HUB_SECRET_KEYS", ct);

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
