using System.Net.Http.Json;
using System.Security.Cryptography;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Reliability;

/// <summary>
/// The documented backup (docs/OPERATIONS.md, Backups), taken with <c>./hub.sh backup</c> while the hub works, and
/// restored with <c>./hub.sh restore</c> into a new database on another "machine" (audit key and witness paths that
/// hold nothing yet): a hub starts on it, the audit verifies as intact and sealing goes on, nothing acknowledged
/// before the backup is missing, and the read models are what a rebuild from the restored events makes.
/// </summary>
public sealed class a_backup_restored(ITestOutputHelper output)
{
    [Fact]
    public async Task starts_verifies_as_intact_and_its_projections_match_its_events()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var here = Directory.CreateTempSubdirectory("onething-backup-").FullName;
        var (source, restored) = (Machine(here, "source"), Machine(here, "restored"));
        var backup = Path.Combine(here, "backup");
        var database = await Processes.Database("onething_backup");
        await using var rig = await Rig.Start(database, settings: new()
        {
            ["HUB_SECRET_KEY"] = secret,
            ["HUB_AUDIT_KEY_FILE"] = source.Key,
            ["HUB_AUDIT_WITNESS"] = source.Witness,
        });
        var load = new Load(rig);
        var running = load.Run(workers: 4, duration: TimeSpan.FromSeconds(12));
        await Task.Delay(TimeSpan.FromSeconds(6));

        // What was acknowledged before the backup began must be in it; the load goes on during the dump.
        var acknowledged = load.Applications.Concat(load.Exchanges).ToArray();
        var made = await Processes.HubSh($"./hub.sh backup {backup}", Settings(database, secret, source));
        Assert.True(made.Code == 0, made.Output);
        await running;
        output.WriteLine(made.Output);

        var target = new NpgsqlConnectionStringBuilder(database) { Database = "onething_backup_restored" };
        await Drop(target);
        var restoring = await Processes.HubSh($"./hub.sh restore {backup}",
            Settings(target.ConnectionString, secret, restored));
        Assert.True(restoring.Code == 0, restoring.Output);
        output.WriteLine(restoring.Output);
        Assert.True(File.Exists(restored.Key) && File.Exists(restored.Witness), "the key and witness came along");

        var url = new Uri($"http://127.0.0.1:{Processes.FreePort()}");
        var hub = Processes.Start("Hub", Hub(target.ConnectionString, secret, restored, url));
        long missing;
        try
        {
            await Processes.WaitFor(rig.Http, new Uri(url, "/health/ready"), hub, TimeSpan.FromSeconds(240));
            missing = await Processes.Scalar(target.ConnectionString,
                "select count(*) from unnest(@ids) a(id) where not exists (select 1 from hub.mt_streams s "
                + "where s.id = a.id)", ("ids", acknowledged));
            await Settled(target.ConnectionString);
            var verification = await Verified(rig, url, target.ConnectionString);
            output.WriteLine(verification.Detail);
            Assert.Equal("intact", verification.Status);
            Assert.True(verification.SealsWitnessed > 0, "the backup's witness saw seals of the restored database");
        }
        finally
        {
            await Processes.Kill(hub);
        }
        Assert.True(acknowledged.Length > 0, "the load had done something before the backup");
        Assert.Equal(0, missing);

        // The read models as restored against the same read models rebuilt from the restored events.
        var before = await ReadModels(target.ConnectionString);
        using var rebuild = Processes.Start("Hub", Hub(target.ConnectionString, secret, restored, url),
            "projections", "rebuild");
        await rebuild.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        Assert.Equal(0, rebuild.ExitCode);
        var after = await ReadModels(target.ConnectionString);
        output.WriteLine($"{before.Count} read-model tables, {before.Sum(t => t.Value.Rows)} documents");
        Assert.True(before.Sum(t => t.Value.Rows) > 100, "the read models hold the load's work");
        Assert.Equal(
            before.Select(t => $"{t.Key}: {t.Value}"),
            after.Select(t => $"{t.Key}: {t.Value}"));
        Directory.Delete(here, recursive: true);
    }

    private sealed record Files(string Key, string Witness);

    private static Files Machine(string root, string name) =>
        new(Path.Combine(root, name, "audit.key"), Path.Combine(root, name, "audit-witness.jsonl"));

    private static Dictionary<string, string> Settings(string database, string secret, Files files) => new()
    {
        ["HUB_DATABASE"] = database,
        ["HUB_SECRET_KEY"] = secret,
        ["HUB_AUDIT_KEY_FILE"] = files.Key,
        ["HUB_AUDIT_WITNESS"] = files.Witness,
    };

    private static Dictionary<string, string> Hub(string database, string secret, Files files, Uri url) =>
        new(Settings(database, secret, files))
        {
            ["ASPNETCORE_URLS"] = url.ToString(),
            ["HUB_DELIVERY_RETRIES"] = "0.5,1,2",
            ["HUB_SCHEDULE_POLL_MS"] = "200",
            ["HUB_EXCHANGE_TIMEOUT_SECONDS"] = "300",
            ["HUB_RATE_LIMIT"] = "100000",
        };

    private static async Task Drop(NpgsqlConnectionStringBuilder target)
    {
        var server = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand(
            $"drop database if exists \"{target.Database}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The restored hub has sent what the backup held on its way, and its projections have caught
    /// up.</summary>
    private static async Task Settled(string database)
    {
        const string busy = """
            select (select count(*) from hub.wolverine_incoming_envelopes where status = 'Incoming')
                 + (select count(*) from hub.wolverine_outgoing_envelopes)
                 + (select count(*) from hub.mt_event_progression p where p.name not like 'HighWater%'
                    and p.last_seq_id < (select last_seq_id from hub.mt_event_progression
                                         where name = 'HighWaterMark'))
            """;
        await LiveHub.Eventually(() => Processes.Scalar(database, busy), n => n == 0, TimeSpan.FromSeconds(90),
            "the restored hub settled");
    }

    /// <summary>The verification once every event is sealed: the restored hub seals again.</summary>
    private static async Task<AuditVerification> Verified(Rig rig, Uri url, string database) =>
        await LiveHub.Eventually(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "/api/audit/verification"));
                request.Headers.Authorization = new("Bearer", rig.Keys.Governance);
                using var response = await rig.Http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var verification = (await response.Content.ReadFromJsonAsync<AuditVerification>(HubJson.Options))!;
                var last = await Processes.Scalar(database, "select coalesce(max(seq_id), 0) from hub.mt_events");
                return verification.Status != "intact" || verification.SealedUpTo >= last ? verification : null;
            },
            v => v is not null,
            TimeSpan.FromSeconds(60),
            "every restored event sealed") ?? throw new InvalidOperationException();

    /// <summary>Every document table (read models and what sits beside them) by rows and a digest of ids and
    /// bodies; versions and modification times are left out, a rebuild writes them anew.</summary>
    private static async Task<SortedDictionary<string, (long Rows, string Digest)>> ReadModels(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'hub' and table_name like "
            + "'mt_doc_%' and table_type = 'BASE TABLE'", connection))
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync())
                tables.Add(r.GetString(0));
        var state = new SortedDictionary<string, (long, string)>();
        foreach (var table in tables)
        {
            await using var digest = new NpgsqlCommand(
                $"select count(*), md5(coalesce(string_agg(id::text || ' ' || data::text, E'\\n' order by "
                + $"id::text), '')) from hub.\"{table}\"", connection);
            await using var r = await digest.ExecuteReaderAsync();
            await r.ReadAsync();
            state[table] = (r.GetInt64(0), r.GetString(1));
        }
        return state;
    }
}
