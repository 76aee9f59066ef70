using System.Text.Json;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Seeds;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Platform;

public sealed class the_hub_itself(HubFixture hub)
{
    [Fact]
    public async Task health_is_open_to_anyone_and_ready_once_the_store_is_there()
    {
        await hub.Host.Get("/health/live", key: null);
        await hub.Host.Get("/health/ready", key: null);
    }

    [Fact]
    public async Task the_openapi_document_describes_every_route_with_its_schemas_and_the_bearer_key()
    {
        var result = await hub.Host.Get("/openapi/v1.json", key: null);
        using var doc = JsonDocument.Parse(result.ReadAsText());
        var paths = doc.RootElement.GetProperty("paths");

        string[] expected =
        [
            "get /api/catalog/editions",
            "post /api/catalog/editions",
            "get /api/catalog/editions/{edition}/one-things",
            "get /api/one-things/{code}",
            "get /api/departments",
            "post /api/departments",
            "post /api/departments/{code}/keys",
        ];
        foreach (var route in expected)
        {
            var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
            Assert.True(
                paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _),
                $"{route} is missing"
            );
        }
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        foreach (
            var name in new[]
            {
                nameof(CatalogEditionDocument),
                nameof(OneThingList),
                nameof(Department),
                nameof(IssuedApiKey),
            }
        )
            Assert.True(schemas.TryGetProperty(name, out _), $"schema {name} is missing");
        Assert.True(
            doc.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("apiKey", out _)
        );
    }

    [Fact]
    public async Task every_answer_carries_the_correlation_id_and_every_event_its_principal_and_department()
    {
        var correlation = $"case-{Guid.NewGuid():N}";
        var unit = new Department(
            $"unit-{Guid.NewGuid():N}"[..20],
            "测试单位",
            "天津市测试单位",
            DepartmentKinds.CityDepartment,
            "city"
        );
        var result = await hub.Host.Scenario(s =>
        {
            s.Post.Json(unit).ToUrl("/api/departments");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.Coordinator}");
            s.WithRequestHeader(Correlation.Header, correlation);
            s.StatusCodeShouldBe(201);
        });
        Assert.Equal(correlation, result.Context.Response.Headers[Correlation.Header].ToString());

        await using var session = hub.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.CorrelationId == correlation).ToListAsync();
        var registered = Assert.Single(events);
        Assert.StartsWith("government-services/", registered.UserName);
        Assert.Equal("government-services", registered.Headers![EventMetadata.DepartmentHeader].ToString());
        Assert.StartsWith("http:POST /api/departments", registered.CausationId);
    }

    [Fact]
    public async Task a_made_up_correlation_id_that_could_pollute_the_audit_trail_is_replaced()
    {
        var result = await hub.Host.Scenario(s =>
        {
            s.Get.Url("/health/live");
            s.WithRequestHeader(Correlation.Header, "drop table; --" + new string('x', 300));
        });
        Assert.Matches("^[0-9a-f]{32}$", result.Context.Response.Headers[Correlation.Header].ToString());
    }

    [Fact]
    public async Task problems_for_routes_and_media_types_it_does_not_know_are_problem_details_too()
    {
        var unknown = await hub.Host.Scenario(s =>
        {
            s.Get.Url("/api/nothing-here");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.Coordinator}");
            s.StatusCodeShouldBe(404);
        });
        unknown.Problem();
        var wrongType = await hub.Host.Scenario(s =>
        {
            s.Post.Text("hello").ToUrl("/api/departments");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.Coordinator}");
            s.StatusCodeShouldBe(415);
        });
        wrongType.Problem();
    }
}

public sealed class a_restart(HubFixture hub)
{
    [Fact]
    public async Task skips_seeds_it_already_loaded_and_checks_them_again_when_they_change()
    {
        var seed = hub
            .Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .OfType<SeedOnFirstStart>()
            .Single();
        var options = hub.Host.Services.GetRequiredService<HubOptions>();
        var digest = SeedMark.DigestOf(options.SeedsFolder, options.SchemasFolder);
        await using (var query = hub.Store.QuerySession())
        {
            var mark = (await query.LoadAsync<SeedMark>(SeedMark.Key))!; // the first start marked what it loaded
            Assert.Equal(digest, mark.Digest);
            Assert.Contains(OneThing.Hub.Features.Catalog.CatalogEditionView.StreamKey("2022"), mark.Streams);
            Assert.Contains(OneThing.Hub.Features.Departments.DepartmentView.StreamKey("health"), mark.Streams);
        }

        var before = await MarkAndSeedEvents();
        await seed.SeedAsync(CancellationToken.None); // what a restart runs: unchanged seeds, nothing read or appended
        Assert.Equal(before, await MarkAndSeedEvents());

        // Seeds that changed since (here: a mark of other files) are read and checked again; the streams they would
        // start are there, so nothing is appended, and the mark is brought up to date.
        await using (var session = hub.Store.LightweightSession())
        {
            session.Store(new SeedMark { Digest = "files of an older release", LoadedAt = before.LoadedAt });
            await session.SaveChangesAsync();
        }
        await seed.SeedAsync(CancellationToken.None); // (not StartAsync: that would issue development keys again)
        var after = await MarkAndSeedEvents();
        Assert.Equal(before.Events, after.Events);
        Assert.Equal(digest, after.Digest);
    }

    /// <summary>The seed's own events (other tests append theirs meanwhile) and the mark.</summary>
    private async Task<(long Events, string Digest, DateTimeOffset LoadedAt)> MarkAndSeedEvents()
    {
        await using var query = hub.Store.QuerySession();
        var events = await query.Events.QueryAllRawEvents().Where(e => e.CorrelationId == "seed").LongCountAsync();
        var mark = await query.LoadAsync<SeedMark>(SeedMark.Key);
        return (events, mark!.Digest, mark.LoadedAt);
    }
}
