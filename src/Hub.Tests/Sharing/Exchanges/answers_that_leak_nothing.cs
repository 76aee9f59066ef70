using System.Text.Json;
using Marten;
using Npgsql;
using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Sharing.Exchanges;

public sealed class answers_that_leak_nothing(HubFixture hub)
{
    private async Task<ShareRequestStatus> Granted(string consumer, string[] fields)
    {
        var until = DateOnly.FromDateTime(hub.Clock.GetUtcNow().AddHours(8).Date).AddDays(30).ToString("yyyy-MM-dd");
        return (await hub.Host.Post("/api/share-requests", new RequestShare("enterprise-registration-record", "核验",
            "《天津市政务数据共享管理办法》", fields, until), hub.Department(consumer), 201)).Read<ShareRequestStatus>();
    }

    [Fact]
    public async Task a_consumers_view_of_an_invalid_answer_names_no_field_outside_its_grant_and_no_value()
    {
        const string consumer = "overseas-chinese-affairs";
        var grant = await Granted(consumer, ["uscc", "enterpriseName"]);
        var uscc = ApplicationScenarios.CreditCode();
        var accepted = (await hub.Host.Post("/api/exchanges", new RequestExchange(grant.Id,
            new Dictionary<string, string> { ["uscc"] = uscc }), hub.Department(consumer), 202)).Read<ExchangeResult>();
        // Broken on fields the consumer was never granted, with values it must not learn.
        var broken = JsonSerializer.SerializeToElement(new
        {
            uscc, enterpriseName = "天津示例", legalRepresentative = "赵秘密", establishmentDate = "2021-02-03",
            registrationStatus = "查封中", legalRepresentativeId = 120101199001011234,
        });
        var told = (await hub.Host.Post($"/api/exchanges/{accepted.Id}/reply", new ExchangeReply([broken]),
            hub.Department("market-regulation"), 400)).Problem();
        Assert.Contains(told.Errors["records"], e => e.Contains("registrationStatus"));   // the provider's to read

        var seen = await hub.Host.Get(accepted.Location, hub.Department(consumer), 422);
        var problem = seen.Problem();
        Assert.Equal("The provider's answer broke the resource's schema: 1 of 1 records invalid.", problem.Detail);
        var notice = Assert.Single(await hub.Inbox(consumer, accepted.Id), m => m.Kind == "share-answer-invalid")
            .Payload<SharingNotice>();
        foreach (var text in new[] { JsonSerializer.Serialize(problem), notice.Detail })
            foreach (var secret in new[] { "registrationStatus", "legalRepresentativeId", "查封中", "1201011990",
                         "赵秘密" })
                Assert.DoesNotContain(secret, text);

        // The provider sees the full errors in its view of the exchange.
        var providers = (await hub.Host.Get(accepted.Location, hub.Department("market-regulation")))
            .Read<ExchangeResult>();
        Assert.Equal(ExchangeStates.Invalid, providers.State);
        Assert.Contains("registrationStatus", providers.Problem);
        Assert.Contains("legalRepresentativeId", providers.Problem);
    }

    [Fact]
    public async Task an_idempotent_replay_after_the_grants_revocation_hands_over_no_records()
    {
        const string consumer = "state-grid-tianjin";
        var grant = await Granted(consumer, ["uscc", "enterpriseName"]);
        var uscc = ApplicationScenarios.CreditCode();
        var request = new RequestExchange(grant.Id, new Dictionary<string, string> { ["uscc"] = uscc });
        var key = Guid.NewGuid().ToString();
        Task<Alba.IScenarioResult> Ask() => hub.Host.Scenario(s =>
        {
            s.Post.Json(request, Alba.JsonStyle.MinimalApi).ToUrl("/api/exchanges");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Department(consumer)}");
            s.WithRequestHeader(Idempotency.Header, key);
            s.StatusCodeShouldBe(200);
        });

        ExchangeResult first;
        await using (hub.Answering("market-regulation", $"\"consumer\":\"{consumer}\"", q => [new
            {
                uscc = q.Query["uscc"], enterpriseName = "天津独一无二电力设备有限公司", legalRepresentative = "钱六",
                establishmentDate = "2019-05-06", registrationStatus = "存续",
            }]))
            first = (await Ask()).Read<ExchangeResult>();
        Assert.Equal("天津独一无二电力设备有限公司", Assert.Single(first.Records!).GetProperty("enterpriseName").GetString());

        await hub.Host.Post($"/api/share-requests/{grant.Id}/grant/revocation", new RevokeGrant("用途已完成"),
            hub.Department("market-regulation"), 202);
        var replay = await Ask();
        Assert.Equal("true", replay.Context.Response.Headers["Idempotent-Replayed"].ToString());
        var replayed = replay.Read<ExchangeResult>();
        Assert.Equal((first.Id, ExchangeStates.Delivered, null), (replayed.Id, replayed.State, replayed.Records));
        Assert.Contains("once", replayed.Problem);

        // Nor are the records kept for a replay: the stored answer holds none of them.
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("select body from hub.idempotency where scope like @s", connection);
        read.Parameters.AddWithValue("s", $"%:/api/exchanges:{key}");
        var stored = System.Text.Encoding.UTF8.GetString(hub.Host.Services.GetRequiredService<SecretBox>()
            .Open((byte[])(await read.ExecuteScalarAsync())!));
        Assert.Contains(first.Id, stored);
        Assert.DoesNotContain("\"records\"", stored);
        Assert.DoesNotContain(uscc, stored);
    }
}
