using System.Text.Json;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Tests.Applications;
using OneThing.Hub.Tests.Infrastructure;
using Wolverine.Tracking;

namespace OneThing.Hub.Tests.Sharing.Exchanges;

public sealed class handing_over_an_answer(HubFixture hub)
{
    private async Task<ExchangeResult> Answered(string consumer)
    {
        var until = DateOnly.FromDateTime(hub.Clock.GetUtcNow().AddHours(8).Date).AddDays(30).ToString("yyyy-MM-dd");
        var grant = (await hub.Host.Post("/api/share-requests", new RequestShare("enterprise-registration-record", "核验",
            "办法", ["uscc"], until), hub.Department(consumer), 201)).Read<ShareRequestStatus>();
        var uscc = ApplicationScenarios.CreditCode();
        var accepted = (await hub.Host.Post("/api/exchanges", new RequestExchange(grant.Id,
            new Dictionary<string, string> { ["uscc"] = uscc }), hub.Department(consumer), 202)).Read<ExchangeResult>();
        var record = JsonSerializer.SerializeToElement(new
        {
            uscc, enterpriseName = "天津示例", legalRepresentative = "李四", establishmentDate = "2021-02-03",
                registrationStatus = "在业",
        });
        await hub.Host.Post($"/api/exchanges/{accepted.Id}/reply", new ExchangeReply([record]),
            hub.Department("market-regulation"), 200);
        return accepted;
    }

    [Fact]
    public async Task two_pickups_at_the_same_moment_hand_the_records_over_once()
    {
        var accepted = await Answered("housing-fund");
        var key = hub.Department("housing-fund");
        var pickups = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => hub.Host.Scenario(s =>
        {
            s.Get.Url(accepted.Location);
            s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.IgnoreStatusCode();
        })));
        var withRecords = pickups.Where(p => p.Context.Response.StatusCode == 200)
            .Select(p => p.ReadAsJson<ExchangeResult>()).Count(r => r?.Records is { Count: 1 });
        Assert.Equal(1, withRecords);
        // The loser either lost the race at commit (409) or came after it (200, no records).
        Assert.All(pickups, p => Assert.Contains(p.Context.Response.StatusCode, new[] { 200, 409 }));

        await using var session = hub.Store.QuerySession();
        var handedOver = await session.Events.FetchStreamAsync(Exchange.PickupStreamKey(accepted.Id));
        Assert.IsType<ExchangeDelivered>(Assert.Single(handedOver).Data);
        Assert.DoesNotContain((await session.Events.FetchStreamAsync(accepted.Id)).Select(e => e.Data),
            e => e is ExchangeDelivered);
        Assert.Equal(ExchangeStates.Delivered, (await session.LoadAsync<ExchangeView>(accepted.Id))!.State);
    }

    [Fact]
    public async Task an_exchange_stream_as_earlier_releases_wrote_it_loads_and_projects_as_delivered()
    {
        var id = Guid.CreateVersion7().ToString();
        var now = hub.Clock.GetUtcNow();
        await using (var write = hub.Store.LightweightSession())
        {
            // Before the hand-over had a stream of its own, it was appended to the exchange's stream.
            write.Events.StartStream<ExchangeView>(id,
                new ExchangeRequested(id, Guid.NewGuid().ToString(), "enterprise-registration-record",
                    "market-regulation",
                    "tax", "核验", ["uscc"], "digest", ["uscc"], now.AddMinutes(1), "tax/key", now),
                new ExchangeAnswered(id, "enterprise-registration-record", "market-regulation", 1, 20, "d", ["uscc"],
                    [], 12, 5,
                    "market-regulation/key", now),
                new ExchangeDelivered(id, "tax", true, now));
            await write.SaveChangesAsync();
        }
        await using var session = hub.Store.QuerySession();
        Assert.Equal(ExchangeState.Delivered, (await session.Events.AggregateStreamAsync<Exchange>(id))!.State);
        Assert.Equal(ExchangeStates.Delivered, (await session.LoadAsync<ExchangeView>(id))!.State);
        var status = (await hub.Host.Get($"/api/exchanges/{id}", hub.Department("tax"))).Read<ExchangeResult>();
        Assert.Equal((ExchangeStates.Delivered, null), (status.State, status.Records));
    }

    [Fact]
    public async Task a_typed_deadline_breaches_a_request_left_unanswered()
    {
        var until = DateOnly.FromDateTime(hub.Clock.GetUtcNow().AddHours(8).Date).AddDays(30).ToString("yyyy-MM-dd");
        var request = (await hub.Host.Post("/api/share-requests", new RequestShare("social-insurance-record", "核验",
            "办法",
            ["residentId"], until), hub.Department("housing-fund"), 201)).Read<ShareRequestStatus>();
        hub.Clock.Advance(TimeSpan.FromDays(10));
        await hub.Host.InvokeMessageAndWaitAsync(new ShareRequestDue(request.Id, request.DueAt!.Value));
        await hub.Host.InvokeMessageAndWaitAsync(new ShareRequestDue(request.Id, request.DueAt!.Value));   // once only

        var status = (await hub.Host.Get($"/api/share-requests/{request.Id}",
            hub.Keys.Coordinator)).Read<ShareRequestStatus>();
        Assert.True(status.Breached);
        Assert.Single(status.History, h => h.What == "deadline-breached");
    }
}
