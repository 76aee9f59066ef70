using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Catalog;

public sealed class the_2022_catalog(HubFixture hub)
{
    [Fact]
    public async Task is_seeded_with_all_23_one_things_and_93_involved_services()
    {
        var list = (
            await hub.Host.Get("/api/catalog/editions/2022/one-things", hub.Department("tax"))
        ).Read<OneThingList>();

        Assert.Equal(23, list.Count);
        Assert.Equal(93, list.InvolvedServices);
        Assert.Equal(93, list.OneThings.Sum(o => o.Services.Count));
        Assert.Equal(10, list.OneThings.Count(o => o.Audience == Audiences.Enterprise));
        Assert.Equal(13, list.OneThings.Count(o => o.Audience == Audiences.Individual));
        Assert.Equal(
            Enumerable.Range(1, 10),
            list.OneThings.Where(o => o.Audience == Audiences.Enterprise).Select(o => o.Number).Order()
        );
    }

    [Fact]
    public async Task filters_by_audience()
    {
        var enterprise = (
            await hub.Host.Get("/api/catalog/editions/2022/one-things?audience=enterprise", hub.Keys.DataCentre)
        ).Read<OneThingList>();
        Assert.Equal(10, enterprise.Count);
        Assert.Equal(27, enterprise.InvolvedServices);

        var individual = (
            await hub.Host.Get("/api/catalog/editions/2022/one-things?audience=individual", hub.Keys.Governance)
        ).Read<OneThingList>();
        Assert.Equal(13, individual.Count);
        Assert.Equal(66, individual.InvolvedServices);
    }

    [Fact]
    public async Task lists_its_edition_newest_first()
    {
        var editions = (await hub.Host.Get("/api/catalog/editions", hub.Keys.Coordinator)).Read<
            List<CatalogEditionSummary>
        >();
        var e2022 = Assert.Single(editions, e => e.Edition == "2022");
        Assert.Equal(23, e2022.OneThings);
        Assert.Equal(93, e2022.InvolvedServices);
        Assert.Equal(editions.Select(e => e.Edition).OrderDescending(), editions.Select(e => e.Edition));
    }

    [Fact]
    public async Task newborn_orders_the_birth_certificate_before_household_registration_and_insurance()
    {
        var detail = (await hub.Host.Get("/api/one-things/newborn", hub.Department("health"))).Read<OneThingDetail>();
        var newborn = detail.OneThing;

        Assert.Equal("新生儿出生", newborn.Name);
        Assert.Equal(["health"], newborn.LeadUnits);
        Assert.Equal(5, newborn.Services.Count);
        var byName = newborn.Services.ToDictionary(s => s.Name);
        var birth = byName["出生医学证明签发"];
        var household = byName["户口登记"];
        Assert.Contains(birth.Code, household.Prerequisites);
        Assert.Equal(["public-security"], household.ResponsibleUnits);
        Assert.Contains(household.Code, byName["城乡居民参保登记(基本医疗保险)"].Prerequisites);
        Assert.Contains(household.Code, PrerequisitesOf(newborn, byName["社会保障卡申领"].Code));
    }

    [Fact]
    public async Task keeps_the_seed_exactly_with_its_normalisations_noted()
    {
        var list = (
            await hub.Host.Get("/api/catalog/editions/2022/one-things", hub.Keys.Coordinator)
        ).Read<OneThingList>();
        var things = list.OneThings.ToDictionary(o => o.Name);

        // Cells broken or cut short in the seed, stored whole.
        Assert.Contains(things["特殊人群参加高考优待"].Services, s => s.Name == "自主就业退役士兵高考加分");
        Assert.Contains(
            things["特殊人群参加高考优待"].Services,
            s =>
                s.Name == "烈士子女高考加分"
                && s.ResponsibleUnits.Order()
                    .SequenceEqual(["emergency-management", "public-security", "veterans-affairs"])
        );
        Assert.Contains(
            things["特殊人群参加高考优待"].Services,
            s => s.ResponsibleUnits.SequenceEqual(["ethnic-religious-affairs"])
        );
        // Two lead units, and a row that holds two services.
        Assert.Equal(["transport", "public-utilities"], things["涉路施工"].LeadUnits);
        Assert.Equal(3, things["涉路施工"].Services.Count);
        Assert.Equal(["civil-affairs"], things["公民身后"].LeadUnits);
        Assert.Equal(9, things["军人退役"].Services.Count);
    }

    [Fact]
    public async Task answers_an_unknown_edition_or_one_thing_with_404_and_a_bad_audience_with_400()
    {
        var key = hub.Department("tax");
        Assert.Equal(404, (await hub.Host.Get("/api/catalog/editions/1999/one-things", key, 404)).Problem().Status);
        Assert.Equal(404, (await hub.Host.Get("/api/one-things/no-such-thing", key, 404)).Problem().Status);
        var bad = (await hub.Host.Get("/api/catalog/editions/2022/one-things?audience=martians", key, 400)).Problem();
        Assert.True(bad.Errors.ContainsKey("audience"));
    }

    private static IEnumerable<string> PrerequisitesOf(OneThingDefinition thing, string code)
    {
        // Transitive: the social security card may wait for insurance, which waits for household registration.
        var byCode = thing.Services.ToDictionary(s => s.Code);
        var seen = new HashSet<string>();
        var queue = new Queue<string>(byCode[code].Prerequisites);
        while (queue.TryDequeue(out var next))
            if (seen.Add(next))
                foreach (var p in byCode[next].Prerequisites)
                    queue.Enqueue(p);
        return seen;
    }
}
