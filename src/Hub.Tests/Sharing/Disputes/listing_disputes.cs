using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Sharing.Disputes;

/// <summary>GET /api/disputes: the coordinating office finds the open disputes to rule, each party its own.</summary>
public sealed class listing_disputes(HubFixture hub) : SharingListChecks<DisputeView, DisputeStatus>(hub)
{
    protected override string Url => "/api/disputes";
    protected override string List => ListDisputesEndpoint.List;
    protected override IReadOnlyList<string> States => ListDisputesEndpoint.States;
    protected override string IdOf(DisputeStatus item) => item.Id;

    protected override (string, string, string, string) PartiesOf(DisputeStatus item) =>
        (item.Consumer, item.Provider, item.Resource!, item.State);

    protected override DisputeView View(SeededRow row) => new()
    {
        Id = row.Id,
        Status = new DisputeStatus(row.Id, Guid.NewGuid().ToString(), "share-request", row.Consumer, row.Provider,
            row.State, "确需该数据", row.At, row.At.AddDays(14), Decision: row.State == "ruled" ? "维持" : null,
            ForConsumer: row.State == "ruled" ? false : null, Resource: row.Resource),
    };

    [Fact]
    public async Task a_rejected_request_and_its_dispute_are_listed_for_both_parties_and_the_coordinating_office()
    {
        var (consumer, provider) = ("emergency-management", "veterans-affairs");
        var until = DateOnly.FromDateTime(Hub.Clock.GetUtcNow().AddHours(8).Date).AddDays(30).ToString("yyyy-MM-dd");
        var request = (await Hub.Host.Post("/api/share-requests", new RequestShare("veteran-record", "烈士子女优待核验",
            "《天津市政务数据共享管理办法》", ["residentId", "name"], until), Hub.Department(consumer), 201))
            .Read<ShareRequestStatus>();
        await Hub.Host.Post($"/api/share-requests/{request.Id}/rejection", new RejectShareRequest(["用途不明"]),
            Hub.Department(provider), 202);
        var dispute = (await Hub.Host.Post($"/api/share-requests/{request.Id}/disputes", new RaiseDispute("确需该数据"),
            Hub.Department(consumer), 201)).Read<DisputeStatus>();
        Assert.Equal("veteran-record", dispute.Resource);

        async Task<bool> Requested(string key, string query = "") =>
            (await Hub.Host.All<ShareRequestStatus>($"/api/share-requests?resource=veteran-record{query}", key, 500))
            .Any(r => r.Id == request.Id);
        async Task<bool> Disputed(string key, string query = "") =>
            (await Hub.Host.All<DisputeStatus>($"/api/disputes?resource=veteran-record{query}", key, 500))
            .Any(d => d.Id == dispute.Id);

        foreach (var key in new[] { Hub.Department(consumer), Hub.Department(provider), Hub.Keys.Coordinator })
        {
            Assert.True(await Requested(key, "&state=disputed"));
            Assert.True(await Disputed(key, "&state=open"));
            Assert.False(await Disputed(key, "&state=ruled"));
        }
        Assert.False(await Requested(Hub.Department("tax")));
        Assert.False(await Disputed(Hub.Department("tax")));
    }
}
