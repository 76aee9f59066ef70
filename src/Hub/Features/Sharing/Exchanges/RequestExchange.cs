using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class RequestExchangeEndpoint
{
    public const string HandedOver =
        "The records were handed over to the first request with this Idempotency-Key; they leave the hub once.";

    public static async Task<(ShareRequest?, Resource?)> LoadAsync(RequestExchange request, IQuerySession session,
        CancellationToken ct)
    {
        // The body's schema ran first (a uuid, query values of at most 200 characters), so that the refusal log
        // below never keeps a client's garbage.
        var grant = await session.Events.AggregateStreamAsync<ShareRequest>(request.ShareRequest, token: ct);
        return (grant,
            grant is null ? null
                : await session.Events.AggregateStreamAsync<Resource>(Resource.StreamKey(grant.Resource), token: ct));
    }

    /// <summary>Why the consumer may not query under this grant now, or null.</summary>
    public static string? Refusal(RequestExchange request, string consumer, ShareRequest? grant, Resource? resource,
        DateTimeOffset now) =>
        grant is null || resource is null || grant.Consumer != consumer
            ? $"{consumer} holds no grant {request.ShareRequest}."
        : resource.Sharing == ResourceSharing.NotShared ? $"{resource.Code} is not shared."
        // The grant's own end first: a retirement revoked it, and its revocation says so. The resource's retirement
        // still refuses a grant given while the retirement committed, which no revocation reached.
        : grant.GrantProblem(now)
          ?? (resource.Retired ? $"{resource.Code} is retired." : null)
          ?? (request.Fields?.FirstOrDefault(f => !grant.Grant!.Fields.Contains(f)) is { } f
              ? $"Field '{f}' is not granted." : null);

    /// <summary>
    /// A consumer queries a resource under its grant. The hub routes it to the provider's channel and waits a few
    /// seconds: an answer in time comes back here, reduced to the granted fields; otherwise 202 and a location to poll
    /// (and a notice on the consumer's channel when the answer comes). Refusals are 403 with the reason, and recorded.
    /// </summary>
    [WolverinePost("/api/exchanges"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ExchangeResult>(200), ProducesResponseType<ExchangeResult>(202)]
    [ProducesResponseType<ProblemDetails>(403)]
    public static async Task<IResult> Post(
        RequestExchange request,
        ShareRequest? grant,
        Resource? resource,
        ClaimsPrincipal user,
        IDocumentSession session,
        IDocumentStore store,
        IMessageBus bus,
        HttpContext http,
        HubOptions hub,
        TimeProvider clock,
        CancellationToken ct)
    {
        var consumer = user.Department()!;
        var now = clock.GetUtcNow();
        if (Refusal(request, consumer, grant, resource, now) is { } refusal)
        {
            new RecordRefusal(consumer, new ExchangeRefused(consumer, request.ShareRequest, grant?.Resource, refusal,
                user.Id(), now)).Execute(session);
            return Results.Problem(Problems.Forbidden(refusal));
        }
        var badQuery = request.Query.Keys.FirstOrDefault(k => !resource!.QueryBy.Contains(k));
        if (badQuery is not null)
            return Results.Problem(Problems.Validation($"query.{badQuery}",
                $"Query {resource!.Code} by {string.Join(", ", resource.QueryBy)}."));

        var id = Guid.CreateVersion7().ToString();
        var fields = request.Fields?.Distinct().ToList() ?? grant!.Grant!.Fields.ToList();
        using var waiter = ExchangeSignals.Wait(id);
        await bus.InvokeAsync(new StartExchange(id, grant!.Id, resource!.Code, resource.Provider, grant.Purpose,
            request.Query, fields, consumer, user.Id(), http.CorrelationId()), ct);

        if (await ExchangeSignals.Settled(waiter, id, store, DateTime.UtcNow + hub.ExchangeWait, ct) is { } exchange)
        {
            var (result, problem) = await HandOver.Take(exchange, session, synchronous: true, clock, ct);
            if (problem is not null) return Results.Problem(problem);
            // The records leave the hub once: a replay of this request (same Idempotency-Key) answers the exchange's
            // id and state only, whatever the grant is by then, and the records are never kept for it.
            if (result!.Records is not null)
                http.ReplayWith(result with { Records = null, Problem = HandedOver });
            return Results.Ok(result);
        }
        return Results.Accepted($"/api/exchanges/{id}",
            new ExchangeResult(id, grant.Resource, ExchangeStates.Routed, $"/api/exchanges/{id}", now));
    }
}
