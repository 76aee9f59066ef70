using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Platform;
using static OneThing.Hub.Tests.Infrastructure.Decisions;

namespace OneThing.Hub.Tests.Catalog.Editions;

/// <summary>
/// The published event holds Hub records of the same JSON as the catalog contract: an event stored by the hub before
/// them (which held the contract itself) loads and projects the same, and a new one is stored as before.
/// </summary>
public sealed class events_of_an_edition(HubFixture hub)
{
    /// <summary>The event as earlier hubs declared it, with the contract inside.</summary>
    private sealed record EarlierCatalogEditionPublished(
        string Edition, CatalogEditionDocument Catalog, string PublishedBy, DateTimeOffset PublishedAt);

    private static CatalogEditionDocument Seed2022()
    {
        var file = Path.Combine(Repo.Root(), "seeds", "catalog-2022.json");
        var node = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        node.Remove("$schema");
        return node.Deserialize<CatalogEditionDocument>(HubJson.Options)!;
    }

    [Fact]
    public void an_event_stored_with_the_contract_inside_loads_and_projects_the_same()
    {
        var serializer = hub.Store.Options.Serializer();
        var catalog = Seed2022();
        var stored = serializer.ToJson(new EarlierCatalogEditionPublished("2022", catalog, "system/seed", Now));

        var loaded = (CatalogEditionPublished)serializer.FromJson(typeof(CatalogEditionPublished),
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored)));

        Assert.Equal(stored, serializer.ToJson(loaded));
        Assert.Equal(serializer.ToJson(catalog), serializer.ToJson(loaded.Catalog.ToContract()));
        Assert.Contains(loaded.Catalog.OneThings, o => o.Services.Any(s => s.Guide?.Materials.Count > 0));
    }

    [Fact]
    public void publishing_stores_the_edition_member_for_member()
    {
        var catalog = Seed2022();
        var (created, start) =
            PublishEditionEndpoint.Post(catalog, Caller("government-services", "coordinator"), Clock);

        Assert.Equal("/api/catalog/editions/2022/one-things", created.Url);
        Assert.Equal(CatalogEditionView.StreamKey("2022"), start.StreamKey);
        var published = Assert.IsType<CatalogEditionPublished>(Assert.Single(start.Events));
        var serializer = hub.Store.Options.Serializer();
        Assert.Equal(serializer.ToJson(catalog), serializer.ToJson(published.Catalog));
    }

    [Fact]
    public void an_edition_is_published_once_and_by_the_catalogs_rules()
    {
        var schemas = hub.Host.Services.GetRequiredService<Schemas>();
        var catalog = Seed2022();
        var units = catalog.OneThings
            .SelectMany(o => o.LeadUnits.Concat(o.Services.SelectMany(s => s.ResponsibleUnits)))
            .ToHashSet();

        Fine(PublishEditionEndpoint.Validate(catalog, new(units, Published: false), schemas));
        Refused(PublishEditionEndpoint.Validate(catalog, new(units, Published: true), schemas), 409,
            Problems.ConflictType);
        Refused(PublishEditionEndpoint.Validate(catalog, new(new HashSet<string>(), Published: false), schemas), 400,
            Problems.ValidationType);
        Refused(PublishEditionEndpoint.Validate(null!, new(units, Published: false), schemas), 400,
            Problems.ValidationType);
    }
}
