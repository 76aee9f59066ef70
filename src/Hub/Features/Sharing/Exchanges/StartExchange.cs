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
    /// <summary>The bytes a query's digest is taken of: its pairs ordered by key. Events stored before the digest was
    /// keyed hold the plain SHA-256 of the same bytes.</summary>
    public static byte[] CanonicalQuery(IReadOnlyDictionary<string, string> query) =>
        JsonSerializer.SerializeToUtf8Bytes(query.OrderBy(q => q.Key));

    public static (IStartStream, OutgoingMessages) Handle(StartExchange command, HubOptions hub, SecretBox box,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var answerBy = now + hub.ExchangeTimeout;
        // Keyed: a query by one ID number has few enough values that a plain digest in audit would give it away.
        var digest = box.QueryDigest(CanonicalQuery(command.Query));
        var requested = new ExchangeRequested(command.Id, command.ShareRequest, command.Resource, command.Provider,
            command.Consumer, command.Purpose, command.Query.Keys.Order().ToList(), digest, command.Fields, answerBy,
            command.RequestedBy, now, ExchangeRequested.KeyedDigest);
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
