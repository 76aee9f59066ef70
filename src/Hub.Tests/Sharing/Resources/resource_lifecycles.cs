using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Sharing.Resources;

/// <summary>A resource's schema versioned and the resource retired, through the API: grants keep their fields or
/// end, and the consumers holding them are told on their own channels.</summary>
public sealed class resource_lifecycles(HubFixture hub)
{
    private const string Provider = "district-beichen";
    private const string Consumer = "district-baodi";
    private const string Other = "district-jinghai";

    private static readonly JsonElement Schema = JsonSerializer.SerializeToElement(new
    {
        type = "object", required = new[] { "residentId" },
        properties = new { residentId = new { type = "string" } },
    });

    private static readonly ResourceField[] Fields =
    [
        new("residentId", "身份号码", "string", true), new("name", "姓名", "string", true),
        new("address", "住址", "string", true),
    ];

    private string Until() =>
        DateOnly.FromDateTime(hub.Clock.GetUtcNow().AddHours(8).Date).AddDays(30).ToString("yyyy-MM-dd");

    private async Task<string> Register()
    {
        var code = $"lifecycle-{Guid.NewGuid():N}"[..24];
        await hub.Host.Post("/api/resources", new RegisterResource(code, "生命周期测试", SharingClasses.Unconditional,
            Fields, Schema, 5, 24, ["residentId"]), hub.Department(Provider), 201);
        return code;
    }

    private async Task<ShareRequestStatus> Grant(string consumer, string code, string[] fields, int status = 201) =>
        (await hub.Host.Post("/api/share-requests", new RequestShare(code, "核验申请人身份", "《天津市政务数据共享管理办法》",
            fields, Until()), hub.Department(consumer), status)).Read<ShareRequestStatus>();

    private async Task<List<SharingNotice>> Notices(string department, string subject) =>
        [.. (await hub.Inbox(department, subject)).Select(m => m.Payload<SharingNotice>())];

    private static ChangeResourceSchema Version2 => new(Fields[..2], Schema, ["residentId"], "住址 moved out");

    [Fact]
    public async Task a_new_version_keeps_the_grants_fields_and_tells_their_consumers()
    {
        var code = await Register();
        var grant = await Grant(Consumer, code, ["residentId", "name", "address"]);

        var versioned = (await hub.Host.Post($"/api/resources/{code}/versions", Version2, hub.Department(Provider),
            200)).Read<DataResource>();

        Assert.Equal(2, versioned.Version);
        Assert.Equal(["residentId", "name"], versioned.Fields.Select(f => f.Code));
        // As JSON: the record's lists and schema compare by reference.
        var read = (await hub.Host.Get($"/api/resources/{code}", hub.Department(Other))).Read<DataResource>();
        Assert.Equal(JsonSerializer.Serialize(versioned, HubJson.Options),
            JsonSerializer.Serialize(read, HubJson.Options));
        var kept = (await hub.Host.Get($"/api/share-requests/{grant.Id}", hub.Department(Consumer)))
            .Read<ShareRequestStatus>();
        Assert.Equal(["residentId", "name", "address"], kept.Grant!.Fields);
        var notice = Assert.Single(await Notices(Consumer, grant.Id), n => n.Event == "resource-versioned");
        Assert.Contains("version 2", notice.Detail);
        Assert.Contains("not in the new version: address", notice.Detail);
        // New requests ask for what the new version has.
        Assert.Contains("fields", (await hub.Host.Post("/api/share-requests", new RequestShare(code, "核验", "依据",
            ["address"], Until()), hub.Department(Other), 400)).Problem().Errors.Keys);
        await using var session = hub.Store.QuerySession();
        var changed = (await session.Events.FetchStreamAsync(Resource.StreamKey(code),
            token: TestContext.Current.CancellationToken)).Select(e => e.Data).OfType<ResourceSchemaChanged>().Single();
        Assert.Equal(2, changed.Version);
        Assert.Equal([grant.Id], changed.GrantsNotified);
    }

    [Fact]
    public async Task only_the_provider_versions_and_bad_versions_store_nothing()
    {
        var code = await Register();
        var before = await hub.EventCount();
        var url = $"/api/resources/{code}/versions";

        Assert.Equal(Problems.ForbiddenType, (await hub.Host.Post(url, Version2, hub.Department(Other), 403))
            .Problem().Type);
        await hub.Host.Post(url, Version2, hub.Keys.Coordinator, 403);
        await hub.Host.Post("/api/resources/no-such-resource/versions", Version2, hub.Department(Provider), 404);
        var provider = hub.Department(Provider);
        Assert.Contains("queryBy", (await hub.Host.Post(url, Version2 with { QueryBy = ["address"] }, provider, 400))
            .Problem().Errors.Keys);
        Assert.Contains("fields", (await hub.Host.Post(url, Version2 with { Fields = [Fields[0], Fields[0]] }, provider,
            400)).Problem().Errors.Keys);
        (await hub.Host.PostRaw(url, """{"fields":[],"queryBy":["residentId"]}""", provider, 400)).Problem();
        (await hub.Host.PostRaw(url, "{not json", provider, 400)).Problem();
        Assert.Equal(before, await hub.EventCount());
    }

    [Fact]
    public async Task retiring_ends_the_open_grants_tells_the_consumers_and_refuses_what_comes_after()
    {
        var code = await Register();
        var first = await Grant(Consumer, code, ["residentId", "name"]);
        var second = await Grant(Other, code, ["residentId"]);

        var retired = (await hub.Host.Post($"/api/resources/{code}/retirement", new RetireResource("数据源已停用"),
            hub.Keys.Coordinator, 200)).Read<DataResource>();

        Assert.Equal("数据源已停用", retired.RetiredReason);
        Assert.NotNull((await hub.Host.Get($"/api/resources/{code}", hub.Department(Consumer)))
            .Read<DataResource>().RetiredAt);
        foreach (var (consumer, grant) in new[] { (Consumer, first), (Other, second) })
        {
            var ended = (await hub.Host.Get($"/api/share-requests/{grant.Id}", hub.Department(consumer)))
                .Read<ShareRequestStatus>();
            Assert.Equal("revoked", ended.Grant!.State);
            Assert.Contains(await Notices(consumer, grant.Id), n => n.Event == "resource-retired");
        }
        Assert.Equal(Problems.ConflictType, (await hub.Host.Post("/api/share-requests", new RequestShare(code, "核验",
            "依据", ["residentId"], Until()), hub.Department("district-jinnan"), 409)).Problem().Type);
        var refused = (await hub.Host.Post("/api/exchanges", new RequestExchange(first.Id,
            new Dictionary<string, string> { ["residentId"] = "120101199001011234" }), hub.Department(Consumer), 403))
            .Problem();
        Assert.Contains("revoked", refused.Detail);
        await hub.Host.Post($"/api/resources/{code}/retirement", new RetireResource("again"), hub.Department(Provider),
            409);
        await hub.Host.Post($"/api/resources/{code}/versions", Version2, hub.Department(Provider), 409);
    }

    [Fact]
    public async Task only_the_provider_or_the_coordinating_office_retires_and_a_reason_is_required()
    {
        var code = await Register();
        var before = await hub.EventCount();
        var url = $"/api/resources/{code}/retirement";

        await hub.Host.Post(url, new RetireResource("not mine"), hub.Department(Other), 403);
        await hub.Host.Post(url, new RetireResource("not mine"), hub.Keys.DataCentre, 403);
        await hub.Host.Post("/api/resources/no-such-resource/retirement", new RetireResource("x"),
            hub.Department(Provider), 404);
        Assert.Contains("reason", (await hub.Host.Post(url, new RetireResource("  "), hub.Department(Provider), 400))
            .Problem().Errors.Keys);
        (await hub.Host.PostRaw(url, "{}", hub.Department(Provider), 400)).Problem();
        Assert.Equal(before, await hub.EventCount());
        await hub.Host.Post(url, new RetireResource("由新资源替代"), hub.Department(Provider), 200);
    }
}
