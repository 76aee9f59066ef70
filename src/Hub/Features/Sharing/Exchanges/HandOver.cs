using Marten;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Sharing;

/// <summary>
/// An answer reaches its consumer once: the records leave the hub with it and the pickup is deleted. The grant is
/// checked again, so an answer to a query routed before the grant was revoked never leaves the hub.
/// </summary>
public static class HandOver
{
    public static async Task<IResult> To(
        ExchangeView exchange,
        IDocumentSession session,
        bool synchronous,
        TimeProvider clock,
        CancellationToken ct)
    {
        var (result, problem) = await Take(exchange, session, synchronous, clock, ct);
        return problem is null ? Results.Ok(result) : Results.Problem(problem);
    }

    /// <summary>The hand-over as data: the result (with the records when they leave now) or why they do not.
    /// The session must be saved for the pickup to count.</summary>
    public static async Task<(ExchangeResult? Result, ProblemDetails? Problem)> Take(
        ExchangeView exchange,
        IDocumentSession session,
        bool synchronous,
        TimeProvider clock,
        CancellationToken ct)
    {
        var location = $"/api/exchanges/{exchange.Id}";
        if (exchange.State == ExchangeStates.Invalid)
            return (null, new ProblemDetails
            {
                Type = Problems.TypeFor(422) + "-invalid-answer", Title = "The provider's answer was invalid",
                    Status = 422,
                // A view projected before the consumer's and the provider's texts were told apart holds the schema's
                // errors in Problem: the consumer gets none of them.
                Detail = exchange.ProviderProblem is null
                    ? "The provider's answer broke the resource's schema." : exchange.Problem,
            });
        if (exchange.State != ExchangeStates.Answered)
            return (new ExchangeResult(exchange.Id, exchange.Resource, exchange.State, location,
                exchange.RequestedAt, Problem: exchange.Problem), null);
        var pickup = await session.LoadAsync<ExchangePickup>(exchange.Id, ct);
        if (pickup is null)
            return (new ExchangeResult(exchange.Id, exchange.Resource, ExchangeStates.Delivered, location,
                exchange.RequestedAt), null);
        var now = clock.GetUtcNow();
        session.Delete(pickup);
        var grant = await session.Events.FetchLatest<ShareRequest>(exchange.ShareRequest, ct);
        if (grant?.GrantProblem(now) is { } refusal)
            return (null, Problems.Forbidden($"The answer is withheld: {refusal}"));

        // By hand: started rather than appended on purpose: two pickups at the same moment both find the records,
        // but only one can start this stream; the other's commit fails (409) and its records never leave.
        // The exchange's own stream is not touched, so its writers need no lock.
        session.Events.StartStream<Exchange>(Exchange.PickupStreamKey(exchange.Id),
            new ExchangeDelivered(exchange.Id, exchange.Consumer, synchronous, now));
        return (new ExchangeResult(exchange.Id, exchange.Resource, ExchangeStates.Delivered, location,
            exchange.RequestedAt, pickup.Records, exchange.Fields, AnsweredAt: exchange.AnsweredAt), null);
    }
}
