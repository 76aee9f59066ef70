using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class GetExchangeEndpoint
{
    public static Task<ExchangeView?> LoadAsync(string id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<ExchangeView>(id, ct);

    // Only the two parties: the coordinating office sees exchanges through audit and the figures, never the records.
    public static ProblemDetails Validate(string id, ExchangeView? exchange, ClaimsPrincipal user) =>
        exchange is null ? Problems.NotFound($"No exchange {id}.")
        : user.IsDepartment(exchange.Consumer) || user.IsDepartment(exchange.Provider) ? WolverineContinue.NoProblems
        : Problems.Forbidden("Only the two parties see an exchange.");

    /// <summary>The exchange's state; for its consumer, the answer (once); for its provider, the full errors of an
    /// invalid answer (the consumer reads only how many records were invalid).</summary>
    [WolverineGet("/api/exchanges/{id}"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ExchangeResult>(200)]
    public static async Task<IResult> Get(
        string id,
        ExchangeView exchange,
        ClaimsPrincipal user,
        IDocumentSession session,
        TimeProvider clock,
        CancellationToken ct) =>
        user.IsDepartment(exchange.Consumer)
            ? await HandOver.To(exchange, session, synchronous: false, clock, ct)
            : Results.Ok(new ExchangeResult(id, exchange.Resource, exchange.State, $"/api/exchanges/{id}",
                exchange.RequestedAt, Fields: exchange.Fields, Problem: exchange.ProviderProblem ?? exchange.Problem,
                AnsweredAt: exchange.AnsweredAt));
}
