using System.Text.Json;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine;

namespace OneThing.Hub.Features.Sharing;

/// <summary>What an exchange the hub made for a case gave: the records, or why there are none.</summary>
public sealed record CaseExchangeAnswer(string? ExchangeId, IReadOnlyList<JsonElement> Records, string? Problem);

/// <summary>
/// 共享数据自动调用: the hub's own exchange for a case, when a form fills itself from shared data. It is the same
/// exchange as POST /api/exchanges (the grant checked, refusals recorded, the query routed to the provider, the
/// answer checked against the resource's schema and handed over once) made for the coordinating office under the
/// One Thing's grant, with the case's correlation id. Nothing here decides for the consumer what a refusal means:
/// the form leaves the field to the applicant.
/// </summary>
public sealed class CaseExchanges(IDocumentStore store, IMessageBus bus, HubOptions hub, TimeProvider clock)
{
    public async Task<CaseExchangeAnswer> Ask(
        string shareRequest,
        IReadOnlyDictionary<string, string> query,
        IReadOnlyList<string> fields,
        string consumer,
        string by,
        string correlation,
        CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.CorrelationId = correlation;
        var request = new RequestExchange(shareRequest, query, fields);
        var (grant, resource) = await RequestExchangeEndpoint.LoadAsync(request, session, ct);
        var now = clock.GetUtcNow();
        if (RequestExchangeEndpoint.Refusal(request, consumer, grant, resource, now) is { } refusal)
        {
            new RecordRefusal(consumer, new ExchangeRefused(consumer, shareRequest, grant?.Resource, refusal, by, now))
                .Execute(session);
            await session.SaveChangesAsync(ct);
            return new(null, [], refusal);
        }

        var id = Guid.CreateVersion7().ToString();
        using (var waiter = ExchangeSignals.Wait(id))
        {
            await bus.InvokeAsync(new StartExchange(id, grant!.Id, resource!.Code, resource.Provider, grant.Purpose,
                query, fields, consumer, by, correlation), ct);
            var settled = await ExchangeSignals.Settled(waiter, id, store, DateTime.UtcNow + hub.ExchangeWait, ct);
            if (settled is null) return new(id, [], "The provider did not answer in time.");
            var (result, problem) = await HandOver.Take(settled, session, synchronous: true, clock, ct);
            await session.SaveChangesAsync(ct);
            return problem is not null ? new(id, [], problem.Detail)
                : new(id, result?.Records ?? [], result?.Records is null ? "The answer was already taken." : null);
        }
    }
}
