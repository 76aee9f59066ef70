using Marten;
using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>The time by which the provider must answer a routed query.</summary>
public sealed record ExchangeAnswerDue(string ExchangeId, DateTimeOffset DueAt);

public static class ExchangeAnswerDueHandler
{
    /// <summary>No answer in time: the exchange times out and the consumer is told. A reply at the same moment loads
    /// the same version; the loser runs again on the new state (retry policy).</summary>
    public static (Events, OutgoingMessages) Handle(
        ExchangeAnswerDue due,
        [WriteAggregate] Exchange exchange,
        IDocumentSession session,
        TimeProvider clock) =>
        Decide(due, exchange, clock.GetUtcNow(), session.CorrelationId ?? exchange.Id);

    public static (Events, OutgoingMessages) Decide(ExchangeAnswerDue due, Exchange exchange, DateTimeOffset now,
        string correlation) =>
        now < due.DueAt || exchange.State != ExchangeState.Routed
            ? ([], [])
            : ([new ExchangeTimedOut(exchange.Id, exchange.Resource, exchange.Provider, due.DueAt, now)],
                [SharingNotices.To(exchange.Consumer, exchange.Id, "timed-out",
                    $"{exchange.Provider} did not answer by {due.DueAt:u}",
                    correlation, now, $"/api/exchanges/{exchange.Id}")]);
}
