using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;
using OneThing.Hub.Tests.Platform;

namespace OneThing.Hub.Tests.Contracts;

public sealed partial class schemas_and_seeds(HubFixture hub)
{
    private static readonly Schemas Schemas = new(Path.Combine(Repo.Root(), "schemas"));

    [Theory]
    [InlineData("departments.json", "departments")]
    [InlineData("catalog-2022.json", "catalog")]
    public void every_seed_file_validates_against_its_schema(string file, string schema)
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root(), "seeds", file));
        var errors = Schemas.Validate(schema, JsonDocument.Parse(text).RootElement);
        Assert.True(errors.Count == 0, JsonSerializer.Serialize(errors));
    }

    [Fact]
    public void every_catalog_edition_in_seeds_has_a_test_above()
    {
        var editions = Directory.EnumerateFiles(Path.Combine(Repo.Root(), "seeds"), "catalog-*.json").Select(Path.GetFileName);
        Assert.Equal(["catalog-2022.json"], editions);
    }

    [Fact]
    public void every_contract_record_has_a_schema()
    {
        var records = typeof(Department).Assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false });
        var missing = records.Select(t => Kebab(t.Name)).Where(n => !Schemas.Names.Contains(n)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public async Task every_contract_record_the_hub_answers_with_round_trips_through_its_schema()
    {
        var key = hub.Keys.Coordinator;
        var list = (await hub.Host.Get("/api/catalog/editions/2022/one-things", key)).Read<OneThingList>();
        var detail = (await hub.Host.Get("/api/one-things/newborn", key)).Read<OneThingDetail>();
        var editions = (await hub.Host.Get("/api/catalog/editions", key)).Read<List<CatalogEditionSummary>>();
        var registry = (await hub.Host.Get("/api/departments", key)).Read<DepartmentRegistry>();
        var issued = (await hub.Host.Post("/api/departments/tax/keys", new IssueApiKey(Roles.Department, "schema check"), key, 201))
            .Read<IssuedApiKey>();
        var document = new CatalogEditionDocument("2022", "title", list.OneThings, "source",
            [new Normalisation("newborn", "市卫生\n健康委", "市卫生健康委", "broken cell")]);

        RoundTrip(list);
        RoundTrip(detail);
        editions.ForEach(RoundTrip);
        RoundTrip(registry);
        registry.Departments.ToList().ForEach(RoundTrip);
        RoundTrip(issued);
        RoundTrip(new IssueApiKey(Roles.Governance, "label"));
        RoundTrip(document);
        RoundTrip(document.Normalisations![0]);
        list.OneThings.ToList().ForEach(RoundTrip);
        list.OneThings.SelectMany(o => o.Services).ToList().ForEach(RoundTrip);
    }

    [Fact]
    public void a_schema_rejects_what_its_record_would_not_accept()
    {
        var bad = JsonSerializer.SerializeToElement(new { code = "Not A Code", name = "x", fullName = "x", kind = "ministry", level = "city" });
        Assert.NotEmpty(Schemas.Validate("department", bad));
    }

    private static void RoundTrip<T>(T value)
    {
        var json = JsonSerializer.SerializeToElement(value, HubJson.Options);
        var errors = Schemas.Validate(Kebab(typeof(T).Name), json);
        Assert.True(errors.Count == 0, $"{typeof(T).Name}: {JsonSerializer.Serialize(errors)}");
        var back = json.Deserialize<T>(HubJson.Options);
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(back, HubJson.Options), JsonSerializer.SerializeToNode(value, HubJson.Options)),
            $"{typeof(T).Name} does not survive the round trip");
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Capital();

    private static string Kebab(string name) => Capital().Replace(name, "-$1").ToLowerInvariant();
}
