using OneThing.Contracts;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Sharing.Exchanges;

/// <summary>GET /api/exchanges: the two parties and the coordinating office list exchanges, never their records.
/// </summary>
public sealed class listing_exchanges(HubFixture hub) : SharingListChecks<ExchangeView, ExchangeSummary>(hub)
{
    protected override string Url => "/api/exchanges";
    protected override string List => ListExchangesEndpoint.List;
    protected override IReadOnlyList<string> States => ListExchangesEndpoint.States;
    protected override string IdOf(ExchangeSummary item) => item.Id;

    protected override (string, string, string, string) PartiesOf(ExchangeSummary item) =>
        (item.Consumer, item.Provider, item.Resource, item.State);

    protected override ExchangeView View(SeededRow row) => new()
    {
        Id = row.Id, ShareRequest = Guid.NewGuid().ToString(), Resource = row.Resource, Provider = row.Provider,
        Consumer = row.Consumer, State = row.State, Fields = ["name"], RequestedAt = row.At,
        AnswerBy = row.At.AddSeconds(60),
    };
}
