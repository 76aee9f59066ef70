using System.Security.Cryptography;
using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>Routes a query to the provider: committed with its message before the consumer starts waiting.</summary>
/// (The endpoint has loaded and checked the grant and the resource: what the handler needs of them travels with it.)
public sealed record StartExchange(
    string Id,
    string ShareRequest,
    string Resource,
    string Provider,
    string Purpose,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyList<string> Fields,
    string Consumer,
    string RequestedBy,
    string Correlation);

public static class StartExchangeHandler
{
    public static (IStartStream, OutgoingMessages) Handle(StartExchange command, HubOptions hub, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var answerBy = now + hub.ExchangeTimeout;
        var digest = Convert.ToHexStringLower(SHA256.HashData(
            JsonSerializer.SerializeToUtf8Bytes(command.Query.OrderBy(q => q.Key))));
        var requested = new ExchangeRequested(command.Id, command.ShareRequest, command.Resource, command.Provider,
            command.Consumer, command.Purpose, command.Query.Keys.Order().ToList(), digest, command.Fields, answerBy,
            command.RequestedBy, now);
        var query = new ExchangeQuery(command.Id, command.Resource, command.Consumer, command.Purpose, command.Query,
            command.Fields, answerBy, $"/api/exchanges/{command.Id}/reply");
        return (MartenOps.StartStream<Exchange>(command.Id, requested),
        [
            DeliverToDepartment.To(DeliverToDepartment.Compose("exchange-query", command.Provider, command.Correlation,
                now, query)),
            new ExchangeAnswerDue(command.Id, answerBy).ScheduledAt(answerBy),
        ]);
    }
}
