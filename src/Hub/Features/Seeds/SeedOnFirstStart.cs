using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Marten.Exceptions;
using OneThing.Contracts;
using OneThing.Hub.Features.Access;
using OneThing.Hub.Features.Calendar;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Features.Departments;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Seeds;

/// <summary>
/// Loads <c>seeds/</c> as events the first time the hub starts on a database: the department registry, then every
/// catalog edition that is not yet published, the resources, the form-filling grants and the working-day calendar's
/// years. Later starts find the streams and append nothing. When a dev-keys file is configured, it also makes sure
/// every seeded principal has a working key written there. Streams are
/// started by hand, at start-up rather than by a request; several nodes starting at once race for them, and the
/// stream collision settles it (see <see cref="StartAsync"/>).
/// </summary>
public sealed class SeedOnFirstStart(
    IDocumentStore store,
    Schemas schemas,
    HubOptions options,
    TimeProvider clock,
    ILogger<SeedOnFirstStart> log)
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
        if (options.DevKeysFile is { } file)
            await DevKeys.EnsureAsync(store, file, Principal, clock, options.KeyLifetime, log, ct);
        if (options.BootstrapGovernanceFile is { } bootstrap)
            await GovernanceBootstrap.EnsureAsync(store, bootstrap, options, clock, log, ct);
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
            && await StillThere(session, mark, ct))
            return;
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
            // By hand: seeding at start-up; a node racing us is settled by the stream id (see StartAsync).
            session.Events.StartStream<DepartmentView>(
                DepartmentView.StreamKey(d.Code), DepartmentRules.Registered(d, Principal, now));

        var codes = registry.Departments.Select(d => d.Code).ToHashSet();
        var catalogs = new List<CatalogEditionDocument>();
        foreach (var file in Directory.EnumerateFiles(options.SeedsFolder, "catalog-*.json").Order())
        {
            var catalog = Read<CatalogEditionDocument>("catalog", Path.GetFileName(file));
            var errors = CatalogRules.Check(catalog, codes);
            if (errors.Count > 0) throw new InvalidDataException($"{file}: {JsonSerializer.Serialize(errors)}");
            catalogs.Add(catalog);
            var key = CatalogEditionView.StreamKey(catalog.Edition);
            seeded.Add(key);
            if (await session.Events.FetchStreamStateAsync(key, ct) is not null) continue;
            // By hand: seeding at start-up, as above.
            session.Events.StartStream<CatalogEditionView>(
                key, new CatalogEditionPublished(catalog.Edition, catalog.ToEvent(), Principal, now));
            log.LogInformation("Seeded catalog edition {Edition}", catalog.Edition);
        }

        var resources = new Dictionary<string, ResourceRegistered>();
        foreach (var resource in Read<ResourceSeed>("resources", "resources.json").Resources)
        {
            var key = ResourceView.StreamKey(resource.Code);
            seeded.Add(key);
            var registered = ResourceRules.Registered(resource.Request, resource.Provider, Principal, now);
            resources[resource.Code] = registered;
            if (await session.Events.FetchStreamStateAsync(key, ct) is null)
                // By hand: seeding at start-up, as above.
                session.Events.StartStream<ResourceView>(key, registered);
        }

        var coordinator = registry.Departments.First(d => d.Kind == DepartmentKinds.CoordinatingOffice).Code;
        foreach (var grant in FormGrants(catalogs, resources))
        {
            var id = CaseGrants.IdFor(grant.Thing.Code, grant.Resource.Code);
            seeded.Add(id);
            if (await session.Events.FetchStreamStateAsync(id, ct) is null)
                // By hand: seeding at start-up, as above; the supply-demand workflow's own events.
                session.Events.StartStream<ShareRequest>(id, CaseGrants.Seeded(grant.Thing.Code, grant.Thing.Name,
                    grant.Resource, grant.Fields, grant.LegalBasis, coordinator, Principal, now));
        }

        // The working-day calendar's first versions, through the same event as a publication by the coordinating
        // office; a year already published (or corrected) through the API is left as it is.
        foreach (var year in Read<CalendarSeed>("calendar", "calendar.json").Years)
        {
            var key = CalendarYearView.StreamKey(year.Year);
            seeded.Add(key);
            if (await session.Events.FetchStreamStateAsync(key, ct) is not null) continue;
            var arrangement = new PublishCalendarYear(year.Holidays, year.WorkingWeekends, "seeds/calendar.json");
            var errors = CalendarRules.Check(year.Year, arrangement);
            if (errors.Count > 0) throw new InvalidDataException($"calendar.json: {JsonSerializer.Serialize(errors)}");
            // By hand: seeding at start-up, as above.
            session.Events.StartStream<CalendarYearView>(key,
                CalendarRules.Published(year.Year, 1, arrangement, Principal, now));
        }

        // In the same transaction as what it marks.
        session.Store(new SeedMark { Digest = digest, Streams = seeded, LoadedAt = now });
        await session.SaveChangesAsync(ct);
        if (added.Count > 0) log.LogInformation("Seeded {Count} departments", added.Count);
    }

    /// <summary>
    /// The grants the forms need: for each One Thing (its newest edition) and each resource its fields read, the
    /// record fields read, with the legal basis of the services that read them.
    /// </summary>
    private static IEnumerable<(OneThingDefinition Thing, ResourceRegistered Resource, List<string> Fields,
        string LegalBasis)> FormGrants(List<CatalogEditionDocument> catalogs,
        Dictionary<string, ResourceRegistered> resources)
    {
        var things = catalogs.OrderBy(c => c.Edition, StringComparer.Ordinal).SelectMany(c => c.OneThings)
            .GroupBy(t => t.Code).Select(g => g.Last());
        foreach (var thing in things)
            foreach (var use in thing.Services
                         .SelectMany(s => (s.Guide?.FormFields ?? []).Select(f => (Service: s, f.Source)))
                         .Where(u => u.Source?.Resource is not null && resources.ContainsKey(u.Source.Resource))
                         .GroupBy(u => u.Source!.Resource!))
            {
                var basis = use.SelectMany(u => u.Service.Guide?.LegalBasis.Take(1) ?? []).Distinct();
                yield return (thing, resources[use.Key], use.Select(u => u.Source!.Field).Distinct().Order().ToList(),
                    string.Join("；", basis.Prepend(CaseGrants.SharingBasis)));
            }
    }

    /// <summary>Every stream the mark started is still there (a database emptied by hand is seeded again).</summary>
    private static async Task<bool> StillThere(IQuerySession session, SeedMark mark, CancellationToken ct) =>
        (await session.QueryAsync<long>(
            "select count(*) from hub.mt_streams where id = any(?)", ct, (object)mark.Streams.ToArray())).Single()
        == mark.Streams.Count;

    /// <summary>A seed file is checked against its schema before anything of it is stored.</summary>
    private T Read<T>(string schema, string fileName)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(options.SeedsFolder, fileName)))!.AsObject();
        node.Remove("$schema");
        var errors = schemas.Validate(schema, JsonSerializer.SerializeToElement(node));
        if (errors.Count > 0)
            throw new InvalidDataException($"{fileName} breaks its schema: {JsonSerializer.Serialize(errors)}");
        return node.Deserialize<T>(HubJson.Options)!;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private sealed record CalendarSeed(IReadOnlyList<CalendarSeedYear> Years, string? Source = null,
        string? Note = null);

    private sealed record CalendarSeedYear(
        int Year,
        IReadOnlyList<CalendarDate> Holidays,
        IReadOnlyList<CalendarDate> WorkingWeekends);

    private sealed record ResourceSeed(IReadOnlyList<SeededResource> Resources);

    private sealed record SeededResource(
        string Code,
        string Name,
        string Provider,
        string SharingClass,
        string? Description,
        IReadOnlyList<ResourceField> Fields,
        JsonElement RecordSchema,
        int ResponseSlaSeconds,
        int FreshnessSlaHours,
        IReadOnlyList<string> QueryBy)
    {
        public RegisterResource Request => new(Code, Name, SharingClass, Fields, RecordSchema, ResponseSlaSeconds,
            FreshnessSlaHours, QueryBy, Description);
    }
}
