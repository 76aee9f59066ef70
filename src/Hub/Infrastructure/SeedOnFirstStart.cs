using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Marten.Exceptions;
using OneThing.Contracts;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Sharing;

namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Loads <c>seeds/</c> as events the first time the hub starts on a database: the department registry, then every
/// catalog edition that is not yet published. Later starts find the streams and append nothing. When a dev-keys
/// file is configured, it also makes sure every seeded principal has a working key written there.
/// </summary>
public sealed class SeedOnFirstStart(
    IDocumentStore store, Schemas schemas, HubOptions options, TimeProvider clock, ILogger<SeedOnFirstStart> log)
    : IHostedService
{
    public const string Principal = "system/seed";

    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            await SeedAsync(ct);
        }
        catch (ExistingStreamIdCollisionException)
        {
            // Another node seeded the same streams at the same moment: what it wrote is what we would have written.
            log.LogInformation("Seeds were loaded by another node");
        }
        if (options.DevKeysFile is { } file) await DevKeys.EnsureAsync(store, file, clock, log, ct);
    }

    internal async Task SeedAsync(CancellationToken ct)
    {
        await using (var connection = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await Features.Audit.AuditChain.EnsureSchema(connection, ct);
        }
        await using var session = store.LightweightSession();
        // Seeds unchanged since they were last loaded: nothing to check or add, and a restart is that much quicker
        // (their schema check and the catalog's rules are most of a start's own work).
        var digest = SeedMark.DigestOf(options.SeedsFolder, options.SchemasFolder);
        if (await session.LoadAsync<SeedMark>(SeedMark.Key, ct) is { } mark && mark.Digest == digest
            && (await session.QueryAsync<long>("select count(*) from hub.mt_streams where id = any(?)", ct, (object)mark.Streams.ToArray())).Single() == mark.Streams.Count)
            return;   // and every stream it started is still there (a database emptied by hand is seeded again)
        var seeded = new List<string>();
        session.CorrelationId = "seed";
        session.CausationId = "seed";
        session.LastModifiedBy = Principal;
        session.SetHeader(EventMetadata.PrincipalHeader, Principal);
        var now = clock.GetUtcNow();

        var registry = Read<DepartmentRegistry>("departments", "departments.json");
        seeded.AddRange(registry.Departments.Select(d => DepartmentView.StreamKey(d.Code)));
        var known = (await session.Query<DepartmentView>().Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        var added = registry.Departments.Where(d => !known.Contains(DepartmentView.StreamKey(d.Code))).ToList();
        foreach (var d in added)
            session.Events.StartStream<DepartmentView>(DepartmentView.StreamKey(d.Code), DepartmentRules.Registered(d, Principal, now));

        var codes = registry.Departments.Select(d => d.Code).ToHashSet();
        foreach (var file in Directory.EnumerateFiles(options.SeedsFolder, "catalog-*.json").Order())
        {
            var catalog = Read<CatalogEditionDocument>("catalog", Path.GetFileName(file));
            var errors = CatalogRules.Check(catalog, codes);
            if (errors.Count > 0) throw new InvalidDataException($"{file}: {JsonSerializer.Serialize(errors)}");
            var key = CatalogEditionView.StreamKey(catalog.Edition);
            seeded.Add(key);
            if (await session.Events.FetchStreamStateAsync(key, ct) is not null) continue;
            session.Events.StartStream<CatalogEditionView>(key, new CatalogEditionPublished(catalog.Edition, catalog, Principal, now));
            log.LogInformation("Seeded catalog edition {Edition}", catalog.Edition);
        }

        foreach (var resource in Read<ResourceSeed>("resources", "resources.json").Resources)
        {
            var key = ResourceView.StreamKey(resource.Code);
            seeded.Add(key);
            if (await session.Events.FetchStreamStateAsync(key, ct) is null)
                session.Events.StartStream<ResourceView>(key, ResourceRules.Registered(resource.Request, resource.Provider, Principal, now));
        }

        session.Store(new SeedMark { Digest = digest, Streams = seeded, LoadedAt = now });   // in the same transaction as what it marks
        await session.SaveChangesAsync(ct);
        if (added.Count > 0) log.LogInformation("Seeded {Count} departments", added.Count);
    }

    /// <summary>A seed file is checked against its schema before anything of it is stored.</summary>
    private T Read<T>(string schema, string fileName)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(options.SeedsFolder, fileName)))!.AsObject();
        node.Remove("$schema");
        var errors = schemas.Validate(schema, JsonSerializer.SerializeToElement(node));
        if (errors.Count > 0) throw new InvalidDataException($"{fileName} breaks its schema: {JsonSerializer.Serialize(errors)}");
        return node.Deserialize<T>(HubJson.Options)!;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private sealed record ResourceSeed(IReadOnlyList<SeededResource> Resources);

    private sealed record SeededResource(string Code, string Name, string Provider, string SharingClass, string? Description,
        IReadOnlyList<ResourceField> Fields, System.Text.Json.JsonElement RecordSchema, int ResponseSlaSeconds, int FreshnessSlaHours,
        IReadOnlyList<string> QueryBy)
    {
        public RegisterResource Request => new(Code, Name, SharingClass, Fields, RecordSchema, ResponseSlaSeconds, FreshnessSlaHours, QueryBy, Description);
    }
}

/// <summary>Which seed files (and the schemas they were checked against) the database was last seeded from.</summary>
public sealed class SeedMark
{
    public const string Key = "seeds";
    public string Id { get; set; } = Key;
    public string Digest { get; set; } = "";
    /// <summary>The streams the seeds start: all must still be there for a start to skip them.</summary>
    public List<string> Streams { get; set; } = [];
    public DateTimeOffset LoadedAt { get; set; }

    public static string DigestOf(string seedsFolder, string schemasFolder)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        // The build too: a release that seeds differently (new rules, new kinds of seed) checks the same files again.
        hash.AppendData(typeof(SeedMark).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        var files = Directory.EnumerateFiles(seedsFolder, "*.json").Concat(Directory.EnumerateFiles(schemasFolder, "*.json"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file));
            var content = File.ReadAllBytes(file);
            hash.AppendData(BitConverter.GetBytes(name.Length));   // lengths first: no two file sets hash alike by running together
            hash.AppendData(name);
            hash.AppendData(BitConverter.GetBytes(content.Length));
            hash.AppendData(content);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
