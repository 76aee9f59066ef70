using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Catalog;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Catalog;

public sealed class publishing_an_edition(HubFixture hub)
{
    // Below the editions other tests publish to become the newest (they count up from the newest one).
    private static string NewEdition() => Random.Shared.Next(3000, 8000).ToString();

    private async Task<CatalogEditionDocument> Based_on_2022(string edition)
    {
        var list = (
            await hub.Host.Get("/api/catalog/editions/2022/one-things", hub.Keys.Coordinator)
        ).Read<OneThingList>();
        return new CatalogEditionDocument(
            edition,
            $"天津市政务服务“一件事一次办”事项基础清单({edition}版)",
            list.OneThings
        );
    }

    [Fact]
    public async Task the_coordinator_publishes_a_new_edition_as_one_event()
    {
        var edition = NewEdition();
        var document = await Based_on_2022(edition);
        var extra = document.OneThings[0] with
        {
            Code = "enterprise-opening-plus",
            Number = 11,
            Name = "企业开办(扩展)",
        };
        document = document with { OneThings = [.. document.OneThings, extra] };

        await hub.Host.Post("/api/catalog/editions", document, hub.Keys.Coordinator, 201);

        var list = (
            await hub.Host.Get($"/api/catalog/editions/{edition}/one-things", hub.Department("tax"))
        ).Read<OneThingList>();
        Assert.Equal(24, list.Count);
        var newest = (
            await hub.Host.Get("/api/one-things/enterprise-opening-plus", hub.Department("tax"))
        ).Read<OneThingDetail>();
        Assert.Equal(edition, newest.Edition);

        await using var session = hub.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(CatalogEditionView.StreamKey(edition));
        var published = Assert.IsType<CatalogEditionPublished>(Assert.Single(events).Data);
        Assert.Equal("government-services/", published.PublishedBy[..20]);
    }

    [Fact]
    public async Task an_edition_is_never_republished()
    {
        var before = await hub.EventCount();
        (
            await hub.Host.Post("/api/catalog/editions", await Based_on_2022("2022"), hub.Keys.Coordinator, 409)
        ).Problem();
        Assert.Equal(before, await hub.EventCount());
    }

    public static TheoryData<string, string> Broken =>
        new()
        {
            { "a service without a responsible unit", "services[0].responsibleUnits" },
            { "an unknown department", "services[0].responsibleUnits[0]" },
            { "duplicate One Thing codes", "oneThings[1].code" },
            { "duplicate service codes", "services[1].code" },
            { "a prerequisite outside the One Thing", "services[0].prerequisites" },
            { "a circle of prerequisites", "oneThings[0].services" },
            { "a bad audience", "audience" },
            { "a service without a time limit", "timeLimitDays" },
        };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task an_invalid_edition_is_400_with_field_errors_and_stores_nothing(string what, string field)
    {
        var document = Break(await Based_on_2022(NewEdition()), what);
        var before = await hub.EventCount();

        var problem = (await hub.Host.Post("/api/catalog/editions", document, hub.Keys.Coordinator, 400)).Problem();

        Assert.Contains(problem.Errors.Keys, k => k.Contains(field));
        Assert.Equal(before, await hub.EventCount());
        await hub.Host.Get($"/api/catalog/editions/{document.Edition}/one-things", hub.Keys.Coordinator, 404);
    }

    [Theory]
    [InlineData("{\"edition\": \"2031\", \"title\": \"x\", \"oneThings\": [")]
    [InlineData("{\"edition\": \"2031\", \"title\": \"x\"}")]
    [InlineData("{\"edition\": 2031, \"title\": \"x\", \"oneThings\": []}")]
    [InlineData("{\"edition\": \"2031\", \"title\": \"x\", \"oneThings\": [], \"surprise\": true}")]
    [InlineData("[]")]
    [InlineData("null")]
    public async Task malformed_or_incomplete_json_is_400_and_stores_nothing(string body)
    {
        var before = await hub.EventCount();
        (await hub.Host.PostRaw("/api/catalog/editions", body, hub.Keys.Coordinator, 400)).Problem();
        Assert.Equal(before, await hub.EventCount());
    }

    private static CatalogEditionDocument Break(CatalogEditionDocument d, string what)
    {
        var first = d.OneThings[0];
        var s0 = first.Services[0];
        OneThingDefinition thing = what switch
        {
            "a service without a responsible unit" => first with
            {
                Services = [s0 with { ResponsibleUnits = [] }, .. first.Services.Skip(1)],
            },
            "an unknown department" => first with
            {
                Services = [s0 with { ResponsibleUnits = ["ministry-of-magic"] }, .. first.Services.Skip(1)],
            },
            "duplicate service codes" => first with
            {
                Services = [s0, s0 with { Name = "另一个事项" }, .. first.Services.Skip(2)],
            },
            "a prerequisite outside the One Thing" => first with
            {
                Services = [s0 with { Prerequisites = ["nowhere"] }, .. first.Services.Skip(1)],
            },
            "a circle of prerequisites" => first with
            {
                Services =
                [
                    s0 with
                    {
                        Prerequisites = [first.Services[1].Code],
                    },
                    first.Services[1] with
                    {
                        Prerequisites = [s0.Code],
                    },
                    .. first.Services.Skip(2),
                ],
            },
            "a bad audience" => first with { Audience = "martians" },
            "a service without a time limit" => first with
            {
                Services = [s0 with { TimeLimitDays = 0 }, .. first.Services.Skip(1)],
            },
            _ => first,
        };
        var rest =
            what == "duplicate One Thing codes"
                ? d.OneThings.Skip(1).Select((o, i) => i == 0 ? o with { Code = first.Code } : o)
                : d.OneThings.Skip(1);
        return d with { OneThings = [thing, .. rest] };
    }
}
