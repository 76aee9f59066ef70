using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Sharing.ShareRequests;

/// <summary>GET /api/share-requests: a provider finds what waits for it, a consumer its own requests.</summary>
public sealed class listing_share_requests(HubFixture hub)
    : SharingListChecks<ShareRequestView, ShareRequestStatus>(hub)
{
    protected override string Url => "/api/share-requests";
    protected override string List => ListShareRequestsEndpoint.List;
    protected override IReadOnlyList<string> States => ListShareRequestsEndpoint.States;
    protected override string IdOf(ShareRequestStatus item) => item.Id;

    protected override (string, string, string, string) PartiesOf(ShareRequestStatus item) =>
        (item.Consumer, item.Provider, item.Resource, item.State);

    // Stamped as the projection stamps it: the list shows only documents whose digest holds.
    protected override ShareRequestView View(SeededRow row) => DocumentDigests.Stamp(new ShareRequestView
    {
        Id = row.Id, Resource = row.Resource, Provider = row.Provider, Consumer = row.Consumer, State = row.State,
        Purpose = "核验", LegalBasis = "《天津市政务数据共享管理办法》", Fields = ["name"], ValidUntil = "2030-01-01",
        RequestedAt = row.At, DueAt = row.At.AddDays(5),
        History = [new ShareRequestStep(row.At, "requested", row.Consumer, "核验")],
    });
}
