using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using OneThing.Hub.Features;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Contracts;

/// <summary>
/// Events are never rewritten: what main stored before the slices were reshaped (Fixtures/events-of-round-1.json,
/// whole streams captured from its test database, with the documents its projections made of them) must still load
/// into today's event types with the same JSON, and project into the same documents. The fixture goes into a
/// database of its own, so neither its events nor its documents reach the shared hub's figures.
/// Left out of the documents: those fed by streams outside the fixture (licence recipients), and two that main got
/// wrong itself: the view of an erased case, which kept the applicant in the clear (issue 17), and a licence whose
/// amendment main recorded twice in its digests.
/// </summary>
public sealed class events_stored_by_round_1(HubFixture hub)
{
    private static readonly JsonElement Fixture = JsonDocument
        .Parse(File.ReadAllText(Path.Combine(Repo.Root(), "src", "Hub.Tests", "Contracts", "Fixtures",
            "events-of-round-1.json")))
        .RootElement;

    [Fact]
    public async Task load_into_todays_types_with_the_same_json_and_project_the_same_documents()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, database) = await FreshStore(ct);
        await using var _ = store;
        await Insert(database, ct);

        await using (var session = store.QuerySession())
        {
            foreach (var stream in Fixture.GetProperty("streams").EnumerateArray())
            {
                var id = stream.GetProperty("id").GetString()!;
                var stored = stream.GetProperty("events").EnumerateArray().ToList();
                var loaded = await session.Events.FetchStreamAsync(id, token: ct);
                Assert.Equal(stored.Count, loaded.Count);
                foreach (var (was, now) in stored.Zip(loaded))
                {
                    var type = was.GetProperty("type").GetString();
                    Assert.True(now.Data is not null && now.EventTypeName == type, $"{id}: {type} did not load");
                    var json = JsonNode.Parse(store.Options.Serializer().ToJson(now.Data));
                    Assert.True(StoredJson.Same(JsonNode.Parse(was.GetProperty("data").GetRawText()), json),
                        $"{id} v{now.Version}: {type} now reads as {json}");
                }
            }
        }

        using (var daemon = await store.BuildProjectionDaemonAsync())
            foreach (var projection in store.Options.Projections.All.Select(p => p.Name).Distinct())
                await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(1), ct);

        var different = new List<string>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        foreach (var document in Fixture.GetProperty("documents").EnumerateArray())
        {
            var (table, id) = (document.GetProperty("document").GetString(), document.GetProperty("id").GetString());
            await using var read = new NpgsqlCommand($"select data::text from hub.mt_doc_{table} where id = @id",
                connection);
            read.Parameters.AddWithValue("id", id!);
            var now = await read.ExecuteScalarAsync(ct) as string;
            var was = JsonNode.Parse(document.GetProperty("data").GetRawText());
            // Documents that grant rights now carry a digest keyed by this hub's audit key: new, and not comparable.
            var current = now is null ? null : JsonNode.Parse(now);
            (current as JsonObject)?.Remove("digest");
            // Deliberate (issue 17): a signing key registered before approvals existed awaits the coordinator's.
            if (table == "signingkeyview" && current?["key"] is JsonObject key
                && (string?)key["status"] == "pending" && was?["key"]?["status"] is null)
                key.Remove("status");
            // Deliberate (issue 17): the consumer hears how many records were invalid, the provider the errors.
            if (table == "exchangeview" && current is JsonObject exchange && exchange.Remove("providerProblem"))
            {
                exchange.Remove("problem");
                (was as JsonObject)?.Remove("problem");
            }
            // Deliberate (issue 18): an application names the units with a part in its services, for their lists;
            // projected from the services the event planned, so they must be those.
            if (table == "applicationview" && current is JsonObject application && was?["departments"] is null
                && application["departments"] is JsonArray units)
            {
                var planned = application["services"]!.AsArray()
                    .SelectMany(s => s!["plan"]!["units"] is JsonArray { Count: > 0 } u
                        ? u.Select(x => (string)x!) : [(string)s["plan"]!["department"]!])
                    .Distinct().Order(StringComparer.Ordinal);
                Assert.Equal(planned, units.Select(u => (string)u!));
                application.Remove("departments");
            }
            // Deliberate (issue 18): a resource names its schema version, 1 until a new version is published; a
            // stream of round 1 has no ResourceSchemaChanged, so any other number is a wrong projection.
            if (table == "resourceview" && current?["resource"] is JsonObject resource
                && was?["resource"]?["version"] is null && (int?)resource["version"] == 1)
                resource.Remove("version");
            if (current is null || !StoredJson.Same(was, current))
                different.Add($"{table}/{id}:\n  was {was!.ToJsonString()}\n  now {now ?? "(none)"}");
        }
        Assert.True(different.Count == 0, string.Join("\n", different));
    }

    private async Task<(DocumentStore, string)> FreshStore(CancellationToken ct)
    {
        var server = new NpgsqlConnectionStringBuilder(hub.ConnectionString);
        var database = server.Database + "_round1";
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @d", connection);
            exists.Parameters.AddWithValue("d", database);
            if (await exists.ExecuteScalarAsync(ct) is null)
                await new NpgsqlCommand($"create database \"{database}\"", connection).ExecuteNonQueryAsync(ct);
        }
        server.Database = database;
        var options = new HubOptions { Database = server.ConnectionString };
        var store = DocumentStore.For(opts =>
        {
            HubFeatures.ConfigureStore(opts, options);
            opts.AutoCreateSchemaObjects = AutoCreate.All;
        });
        await store.Advanced.Clean.CompletelyRemoveAllAsync(ct);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return (store, server.ConnectionString);
    }

    // Rows as main wrote them, type names and .NET type names included: the way Marten meets them after an upgrade.
    private static async Task Insert(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        foreach (var stream in Fixture.GetProperty("streams").EnumerateArray())
        {
            var id = stream.GetProperty("id").GetString()!;
            var events = stream.GetProperty("events").EnumerateArray().ToList();
            await using var started = new NpgsqlCommand(
                "insert into hub.mt_streams (id, type, version, timestamp, created) "
                    + "values (@id, @type, @version, @at, @at)",
                connection);
            started.Parameters.AddWithValue("id", id);
            started.Parameters.AddWithValue("type", (object?)stream.GetProperty("aggregate").GetString()
                ?? DBNull.Value);
            started.Parameters.AddWithValue("version", (long)events.Count);
            started.Parameters.AddWithValue("at", events[0].GetProperty("timestamp").GetDateTimeOffset());
            await started.ExecuteNonQueryAsync(ct);
            foreach (var e in events)
            {
                await using var append = new NpgsqlCommand(
                    """
                    insert into hub.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id,
                        mt_dotnet_type, correlation_id, causation_id, headers, user_name)
                    values (nextval('hub.mt_events_sequence'), @uid, @stream, @version, @data::jsonb, @type, @at,
                        '*DEFAULT*', @dotnet, @correlation, @causation, @headers::jsonb, @user)
                    """,
                    connection);
                append.Parameters.AddWithValue("uid", Guid.CreateVersion7());
                append.Parameters.AddWithValue("stream", id);
                append.Parameters.AddWithValue("version", e.GetProperty("version").GetInt64());
                append.Parameters.AddWithValue("data", e.GetProperty("data").GetRawText());
                append.Parameters.AddWithValue("type", e.GetProperty("type").GetString()!);
                append.Parameters.AddWithValue("at", e.GetProperty("timestamp").GetDateTimeOffset());
                foreach (var (column, member) in new[] { ("dotnet", "dotnetType"), ("correlation", "correlationId"),
                             ("causation", "causationId"), ("user", "userName") })
                    append.Parameters.AddWithValue(column, (object?)Text(e, member) ?? DBNull.Value);
                append.Parameters.AddWithValue("headers", e.TryGetProperty("headers", out var h)
                    && h.ValueKind == JsonValueKind.Object ? h.GetRawText() : (object)DBNull.Value);
                await append.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static string? Text(JsonElement e, string member) =>
        e.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
