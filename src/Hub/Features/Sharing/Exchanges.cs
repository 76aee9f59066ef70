using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

/// <summary>Routes a query to the provider: committed with its message before the consumer starts waiting.</summary>
/// (The endpoint has loaded and checked the grant and the resource: what the handler needs of them travels with it.)
public sealed record StartExchange(string Id, string ShareRequest, string Resource, string Provider, string Purpose,
    IReadOnlyDictionary<string, string> Query, IReadOnlyList<string> Fields, string Consumer, string RequestedBy, string Correlation);

public static class StartExchangeHandler
{
    public static async Task<OutgoingMessages> Handle(StartExchange command, IDocumentSession session, HubOptions hub, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var answerBy = now + hub.ExchangeTimeout;
        var digest = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command.Query.OrderBy(q => q.Key))));
        session.Events.StartStream<ExchangeView>(command.Id, new ExchangeRequested(command.Id, command.ShareRequest, command.Resource, command.Provider,
            command.Consumer, command.Purpose, command.Query.Keys.Order().ToList(), digest, command.Fields, answerBy, command.RequestedBy, now));
        var query = new ExchangeQuery(command.Id, command.Resource, command.Consumer, command.Purpose, command.Query, command.Fields, answerBy,
            $"/api/exchanges/{command.Id}/reply");
        return
        [
            DeliverToDepartment.To(DeliverToDepartment.Compose("exchange-query", command.Provider, command.Correlation, now, query)),
            new SharingDeadline(command.Id, "exchange", answerBy).ScheduledAt(answerBy),
        ];
    }
}

public static class RequestExchangeEndpoint
{
    /// <summary>
    /// A consumer queries a resource under its grant. The hub routes it to the provider's channel and waits a few
    /// seconds: an answer in time comes back here, reduced to the granted fields; otherwise 202 and a location to poll
    /// (and a notice on the consumer's channel when the answer comes). Refusals are 403 with the reason, and recorded.
    /// </summary>
    [WolverinePost("/api/exchanges"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ExchangeResult>(200), ProducesResponseType<ExchangeResult>(202), ProducesResponseType<ProblemDetails>(403)]
    public static async Task<IResult> Post(RequestExchange request, ClaimsPrincipal user, IDocumentSession session, IDocumentStore store,
        IMessageBus bus, HttpContext http, HubOptions hub, TimeProvider clock, CancellationToken ct)
    {
        var consumer = user.Department()!;
        var now = clock.GetUtcNow();
        // Checked before a refusal is recorded, so that the refusal log never keeps a client's garbage.
        if (!Guid.TryParse(request?.ShareRequest, out _) || request.Query is not { Count: > 0 } || request.Query.Any(q => q.Value is null || q.Value.Length > 200)
            || request.Fields?.Any(f => f is null || f.Length > 100) == true)
            return Results.Problem(Problems.Validation("query", "Name the share request (the grant) and give the query values."));
        var grant = await session.LoadAsync<ShareRequestView>(request.ShareRequest, ct);
        var resource = grant is null ? null : (await session.LoadAsync<ResourceView>(ResourceView.StreamKey(grant.Resource), ct))?.Resource;
        var refusal = grant is null || grant.Consumer != consumer ? $"{consumer} holds no grant {request.ShareRequest}."
            : resource!.SharingClass == SharingClasses.NotShared ? $"{resource.Code} is not shared."
            : grant.GrantProblem(now)
            ?? (request.Fields?.FirstOrDefault(f => !grant.Grant!.Fields.Contains(f)) is { } f ? $"Field '{f}' is not granted." : null);
        if (refusal is not null)
        {
            session.Events.Append($"refusals/{consumer}", new ExchangeRefused(consumer, request.ShareRequest, grant?.Resource, refusal, user.Id(), now));
            return Results.Problem(Problems.Forbidden(refusal));
        }
        var badQuery = request.Query.Keys.FirstOrDefault(k => !resource!.QueryBy.Contains(k));
        if (badQuery is not null) return Results.Problem(Problems.Validation($"query.{badQuery}", $"Query {resource!.Code} by {string.Join(", ", resource.QueryBy)}."));

        var id = Guid.CreateVersion7().ToString();
        var fields = request.Fields?.Distinct().ToList() ?? grant!.Grant!.Fields.ToList();
        using var waiter = ExchangeSignals.Wait(id);
        await bus.InvokeAsync(new StartExchange(id, grant!.Id, resource!.Code, resource.Provider, grant.Purpose, request.Query, fields, consumer,
            user.Id(), http.CorrelationId()), ct);

        // Woken when the answer is committed on this node; otherwise it looks in the database now and then, since the
        // provider's reply may reach another node.
        var until = DateTime.UtcNow + hub.ExchangeWait;
        while (DateTime.UtcNow < until)
        {
            await waiter.Next(until, ct);
            await using var look = store.QuerySession();
            var exchange = await look.LoadAsync<ExchangeView>(id, ct);
            if (exchange?.State is ExchangeStates.Answered or ExchangeStates.Invalid)
                return await HandOver.To(exchange, session, synchronous: true, clock, ct);
        }
        return Results.Accepted($"/api/exchanges/{id}", new ExchangeResult(id, grant.Resource, ExchangeStates.Routed, $"/api/exchanges/{id}", now));
    }
}

/// <summary>
/// An answer reaches its consumer once: the records leave the hub with it and the pickup is deleted. The exchange's
/// stream is locked for it, so two pickups at the same moment cannot both take the records; and the grant is checked
/// again, so an answer to a query routed before the grant was revoked never leaves the hub.
/// </summary>
public static class HandOver
{
    public static async Task<IResult> To(ExchangeView exchange, IDocumentSession session, bool synchronous, TimeProvider clock, CancellationToken ct)
    {
        var location = $"/api/exchanges/{exchange.Id}";
        if (exchange.State == ExchangeStates.Invalid)
            return Results.Problem(new ProblemDetails
            {
                Type = Problems.TypeFor(422) + "-invalid-answer", Title = "The provider's answer was invalid", Status = 422, Detail = exchange.Problem,
            });
        if (exchange.State != ExchangeStates.Answered)
            return Results.Ok(new ExchangeResult(exchange.Id, exchange.Resource, exchange.State, location, exchange.RequestedAt, Problem: exchange.Problem));
        var stream = await session.Events.FetchForExclusiveWriting<ExchangeView>(exchange.Id, ct);
        // The records and the grant, read together under the lock (one round trip).
        var batch = session.CreateBatchQuery();
        var pickupRead = batch.Load<ExchangePickup>(exchange.Id);
        var grantRead = batch.Load<ShareRequestView>(exchange.ShareRequest);
        await batch.Execute(ct);
        var pickup = await pickupRead;
        if (stream.Aggregate?.State != ExchangeStates.Answered || pickup is null)
            return Results.Ok(new ExchangeResult(exchange.Id, exchange.Resource, ExchangeStates.Delivered, location, exchange.RequestedAt));
        var now = clock.GetUtcNow();
        if ((await grantRead)?.GrantProblem(now) is { } refusal)
        {
            session.Delete(pickup);
            return Results.Problem(Problems.Forbidden($"The answer is withheld: {refusal}"));
        }
        session.Delete(pickup);
        stream.AppendOne(new ExchangeDelivered(exchange.Id, exchange.Consumer, synchronous, now));
        return Results.Ok(new ExchangeResult(exchange.Id, exchange.Resource, ExchangeStates.Delivered, location, exchange.RequestedAt,
            pickup.Records, exchange.Fields, AnsweredAt: exchange.AnsweredAt));
    }
}

public static class ExchangeEndpoints
{
    /// <summary>The exchange's state; for its consumer, the answer (once).</summary>
    [WolverineGet("/api/exchanges/{id}"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<ExchangeResult>(200)]
    public static async Task<IResult> Get(string id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var exchange = await session.LoadAsync<ExchangeView>(id, ct);
        if (exchange is null) return Results.Problem(Problems.NotFound($"No exchange {id}."));
        if (user.IsDepartment(exchange.Consumer)) return await HandOver.To(exchange, session, synchronous: false, clock, ct);
        return user.IsDepartment(exchange.Provider)
            ? Results.Ok(new ExchangeResult(id, exchange.Resource, exchange.State, $"/api/exchanges/{id}", exchange.RequestedAt, Fields: exchange.Fields))
            : Results.Problem(Problems.Forbidden("Only the two parties see an exchange."));
    }

    /// <summary>The provider answers: records are checked against the resource's schema, then reduced to the granted fields.</summary>
    [WolverinePost("/api/exchanges/{id}/reply"), Authorize(Roles = Roles.Department)]
    public static async Task<(IResult, OutgoingMessages)> Reply(string id, ExchangeReply reply, ClaimsPrincipal user, IDocumentSession session,
        HubOptions hub, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        // Locked until commit: two replies (or a reply and the time-out) arriving together are decided one after the other.
        var stream = await session.Events.FetchForExclusiveWriting<ExchangeView>(id, ct);
        var exchange = stream.Aggregate;
        if (exchange is null) return (Results.Problem(Problems.NotFound($"No exchange {id}.")), []);
        if (!user.IsDepartment(exchange.Provider)) return (Results.Problem(Problems.Forbidden($"Only {exchange.Provider} answers this query.")), []);
        if (exchange.State != ExchangeStates.Routed) return (Results.Problem(Problems.Conflict($"The exchange is {exchange.State}.")), []);
        if (reply?.Records is null || reply.Records.Count > 1000 || reply.Records.Any(r => r.ValueKind != JsonValueKind.Object))
            return (Results.Problem(Problems.Validation("records", "Give 0 to 1000 records, each a JSON object.")), []);

        var now = clock.GetUtcNow();
        var resource = (await session.LoadAsync<ResourceView>(ResourceView.StreamKey(exchange.Resource), ct))!.Resource;
        var errors = RecordSchemas.Errors(resource, reply.Records);
        var messages = new OutgoingMessages();
        var late = now - exchange.RequestedAt > hub.ExchangeWait;
        if (errors.Count > 0)
        {
            stream.AppendOne(new ExchangeAnswerInvalid(id, resource.Code, resource.Provider, errors, user.Id(), now));
            if (late) messages.Add(SharingNotices.To(exchange.Consumer, id, "answer-invalid", string.Join("; ", errors), http.CorrelationId(), now, $"/api/exchanges/{id}"));
            return (Results.Problem(Problems.Validation(new Dictionary<string, string[]> { ["records"] = [.. errors] },
                "The records break the resource's schema; the consumer is told, and this counts against the resource's quality.")), messages);
        }

        // Whatever the provider sent, the consumer sees only the granted fields.
        var granted = exchange.Fields.ToHashSet();
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        var filtered = reply.Records.Select(r =>
        {
            var kept = new Dictionary<string, JsonElement>();
            foreach (var p in r.EnumerateObject())
                if (granted.Contains(p.Name)) kept[p.Name] = p.Value.Clone(); else removed.Add(p.Name);
            return JsonSerializer.SerializeToElement(kept);
        }).ToList();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(filtered);
        session.Store(new ExchangePickup { Id = id, Records = filtered });
        stream.AppendOne(new ExchangeAnswered(id, resource.Code, resource.Provider, filtered.Count, bytes.Length,
            Convert.ToHexStringLower(SHA256.HashData(bytes)), granted.Order().ToList(), [.. removed], (now - exchange.RequestedAt).TotalMilliseconds,
            resource.ResponseSlaSeconds, user.Id(), now));
        if (late) messages.Add(SharingNotices.To(exchange.Consumer, id, "answer-ready", $"{filtered.Count} records", http.CorrelationId(), now, $"/api/exchanges/{id}"));
        return (Results.Ok(new ExchangeResult(id, resource.Code, ExchangeStates.Answered, $"/api/exchanges/{id}", exchange.RequestedAt, Fields: granted.Order().ToList())), messages);
    }
}
