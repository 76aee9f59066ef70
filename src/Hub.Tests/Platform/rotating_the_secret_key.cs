using System.Security.Cryptography;
using System.Text;
using Npgsql;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Platform;

/// <summary>
/// HUB_SECRET_KEY rotation: a new key seals, the old one still opens, reseal moves everything, then the old key can
/// go; a wrong key is named at start. On a database of its own: a reseal of the shared one would leave the running
/// hub's key unable to open it.
/// </summary>
public sealed class rotating_the_secret_key(HubFixture hub) : IAsyncLifetime
{
    private static readonly byte[] Old = RandomNumberGenerator.GetBytes(32), New = RandomNumberGenerator.GetBytes(32);
    private readonly string _database = $"keys_{Guid.NewGuid():N}";
    private string _connection = "";

    private static SecretBox Box(params (string Id, byte[] Key)[] keys) =>
        new([.. keys.Select(k => new SealingKey(k.Id, k.Key))]);

    private static SecretBox Box(string keys, string? indexKey = null) =>
        SecretBox.From(new HubOptions { Database = "", SecretKeys = keys, IndexKey = indexKey });

    public async ValueTask InitializeAsync()
    {
        await using (var server = new NpgsqlConnection(hub.ConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {_database}", server);
            await create.ExecuteNonQueryAsync();
        }
        _connection = new NpgsqlConnectionStringBuilder(hub.ConnectionString) { Database = _database }.ToString();
        // The stores the hub keeps sealed values in, as the hub makes them.
        await Sql($"""
            create schema hub;
            create table hub.mt_doc_webhooksecret (id varchar primary key, data jsonb not null);
            create table hub.audit_key (id int primary key, public_key text not null, sealed_private_key text not null);
            {Idempotency.Schema}
            """);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(hub.ConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {_database} with (force)", server);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task Sql(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A value as the hub sealed it before keys had ids: nonce, tag, cipher text, nothing naming a key.
    /// </summary>
    private static byte[] SealedBeforeKeyIds(byte[] key, byte[] plain)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var (cipher, tag) = (new byte[plain.Length], new byte[16]);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plain, cipher, tag);
        return [.. nonce, .. tag, .. cipher];
    }

    [Fact]
    public void a_value_sealed_with_the_old_key_opens_once_the_new_key_seals()
    {
        var before = Box(("k1", Old));
        var sealedText = before.Seal("a webhook secret");
        var sealedBytes = before.Seal("an answer"u8.ToArray());
        var unnamed = Convert.ToBase64String(SealedBeforeKeyIds(Old, "from before key ids"u8.ToArray()));

        var both = Box(("k2", New), ("k1", Old));

        Assert.Equal("a webhook secret", both.Open(sealedText));
        Assert.Equal("an answer", Encoding.UTF8.GetString(both.Open(sealedBytes)));
        Assert.Equal("from before key ids", both.Open(unnamed));
        Assert.Equal("k2", SecretBox.SealedWith(both.Seal("new")));
        Assert.Equal("k2", SecretBox.SealedWith(both.Seal("new"u8.ToArray())));
        // The lookups stay what they were: holders are still found, the audit chain's blinded values still hash the
        // same.
        Assert.Equal(before.Blind("110101199003077777"), both.Blind("110101199003077777"));
        Assert.Equal(before.Fingerprint("a webhook secret"), both.Fingerprint("a webhook secret"));
        var gone = Assert.Throws<CryptographicException>(() => Box(("k2", New)).Open(sealedText));
        Assert.Contains("'k1'", gone.Message);
    }

    [Fact]
    public async Task reseal_moves_every_sealed_value_to_the_new_key_and_then_the_old_key_can_go()
    {
        var before = Box($"k1:{Convert.ToBase64String(Old)}");
        await SecretKeys.Check(_connection, before, "HUB_SECRET_KEYS", CancellationToken.None);
        await Sql("insert into hub.mt_doc_webhooksecret values ('water', jsonb_build_object('sealed', @s::text))",
            ("s", before.Seal("water's webhook secret")));
        await Sql("insert into hub.audit_key values (1, 'public', @s)", ("s", before.Seal("the audit key")));
        await Sql("insert into hub.idempotency (scope, body_hash, body) values ('k/POST /x', 'h', @b)",
            ("b", before.Seal("an answer"u8.ToArray())));
        await Sql("insert into hub.idempotency (scope, body_hash, body) values ('k/POST /y', 'h', @b)",
            ("b", SealedBeforeKeyIds(Old, "an older answer"u8.ToArray())));
        var index = before.IndexKey;
        var both = Box($"k2:{Convert.ToBase64String(New)},k1:{Convert.ToBase64String(Old)}");
        await SecretKeys.Check(_connection, both, "HUB_SECRET_KEYS", CancellationToken.None);

        var resealed = await SecretKeys.Reseal(_connection, both, indexKeySet: false, CancellationToken.None);

        Assert.Equal(4, resealed.Values);
        Assert.Equal(["k1"], resealed.Retired);
        Assert.Contains("HUB_INDEX_KEY", resealed.Warning);
        // Without the old key, with the blind-index key it printed: the hub starts and opens everything.
        var after = Box($"k2:{Convert.ToBase64String(New)}", index);
        await SecretKeys.Check(_connection, after, "HUB_SECRET_KEYS", CancellationToken.None);
        Assert.Equal("water's webhook secret",
            after.Open(await Scalar<string>("select data->>'sealed' from hub.mt_doc_webhooksecret")));
        Assert.Equal("the audit key", after.Open(await Scalar<string>("select sealed_private_key from hub.audit_key")));
        Assert.Equal("an older answer", Encoding.UTF8.GetString(after.Open(
            await Scalar<byte[]>("select body from hub.idempotency where scope = 'k/POST /y'"))));
        Assert.Equal(before.Blind("110101199003077777"), after.Blind("110101199003077777"));
        Assert.Equal(0, (await SecretKeys.Reseal(_connection, after, true, CancellationToken.None)).Values);
    }

    [Fact]
    public async Task a_wrong_or_missing_key_is_named_at_start()
    {
        await SecretKeys.Check(_connection, Box($"k1:{Convert.ToBase64String(Old)}"), "HUB_SECRET_KEYS",
            CancellationToken.None);

        var wrong = await Assert.ThrowsAsync<HubConfigurationException>(() => SecretKeys.Check(_connection,
            Box($"k1:{Convert.ToBase64String(New)}"), "HUB_SECRET_KEYS", CancellationToken.None));
        Assert.Contains("key id 'k1' is not the key", wrong.Message);
        // The old key dropped before a reseal: the values it sealed would no longer open.
        var missing = await Assert.ThrowsAsync<HubConfigurationException>(() => SecretKeys.Check(_connection,
            Box($"k2:{Convert.ToBase64String(New)}"), "HUB_SECRET_KEYS", CancellationToken.None));
        Assert.Contains("key id 'k1', which HUB_SECRET_KEYS does not list", missing.Message);
        Assert.Contains("reseal", missing.Message);
        Assert.Contains("HUB_INDEX_KEY", missing.Message);
    }

    [Fact]
    public async Task the_hub_started_with_a_wrong_key_says_which_and_stops_without_a_stack_trace()
    {
        await SecretKeys.Check(_connection, new SecretBox(Old), "HUB_SECRET_KEY", CancellationToken.None);
        // The hub as Processes starts it: its own build, beside its settings.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(Repo.Root(), "src", "Hub", "bin", configuration, "net10.0", "Hub.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", ["exec", dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["HUB_DATABASE"] = _connection,
                ["HUB_SECRET_KEY"] = Convert.ToBase64String(New),
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Processes.FreePort()}",
                ["Logging__LogLevel__Default"] = "None",
            },
        };
        foreach (var name in new[] { "HUB_DEV_KEYS_FILE", "HUB_SECRET_KEYS", "HUB_INDEX_KEY" })
            start.Environment.Remove(name);
        using var process = System.Diagnostics.Process.Start(start)!;
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(patience.Token);

        Assert.Equal(1, process.ExitCode);
        var said = await error + await output;
        Assert.Contains("The hub did not start: HUB_SECRET_KEY: key id 'default' is not the key", said);
        Assert.DoesNotContain("   at ", said);
    }

    [Theory]
    [InlineData("k1:not base64!", "key id 'k1' is not 32 bytes in base64")]
    [InlineData("k1:AAAA", "key id 'k1' is not 32 bytes in base64")]
    [InlineData("k1", "write each key as id:base64")]
    [InlineData("k 1:AAAA", "must be 1 to 32 letters")]
    public void a_key_that_cannot_be_read_is_named(string keys, string said)
    {
        var wrong = Assert.Throws<HubConfigurationException>(() => Box(keys));

        Assert.Contains(said, wrong.Message);
    }

    [Fact]
    public void the_single_key_of_before_is_key_id_default()
    {
        var box = SecretBox.From(new HubOptions { Database = "", SecretKey = Convert.ToBase64String(Old) });

        Assert.Equal(SecretBox.DefaultKeyId, SecretBox.SealedWith(box.Seal("x")));
        Assert.Equal(new SecretBox(Old).Blind("110101199003077777"), box.Blind("110101199003077777"));
    }
}
