using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>
/// The provider answers: records are checked against the resource's schema, then reduced to the granted fields.
/// Two replies, or a reply and the time-out, load the same version: the first to commit wins (optimistic version).
/// </summary>
public static class ReplyToExchangeEndpoint
{
    public static async Task<Resource?> LoadAsync(Exchange exchange, IQuerySession session, CancellationToken ct) =>
        await session.Events.AggregateStreamAsync<Resource>(Resource.StreamKey(exchange.Resource), token: ct);

    public static ProblemDetails Validate(Exchange exchange, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(exchange.Provider))
            return Problems.Forbidden($"Only {exchange.Provider} answers this query.");
        return exchange.State != ExchangeState.Routed
            ? Problems.Conflict($"The exchange is {exchange.StateName}.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType<ExchangeResult>(200)]
    [WolverinePost("/api/exchanges/{id}/reply"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages, IMartenOp) Post(
        ExchangeReply reply,
        [WriteAggregate] Exchange exchange,
        Resource resource,
        ClaimsPrincipal user,
        HubOptions hub,
        HttpContext http,
        TimeProvider clock) =>
        Decide(reply, exchange, resource, user.Id(), clock.GetUtcNow(), hub.ExchangeWait, http.CorrelationId());

    public static (IResult, Events, OutgoingMessages, IMartenOp) Decide(
        ExchangeReply reply,
        Exchange exchange,
        Resource resource,
        string by,
        DateTimeOffset now,
        TimeSpan wait,
        string correlation)
    {
        var id = exchange.Id;
        var location = $"/api/exchanges/{id}";
        // The consumer stopped waiting: it hears of the answer on its channel.
        var late = now - exchange.RequestedAt > wait;
        var (errors, invalidRecords) = RecordSchemas.Check(resource, reply.Records);
        if (errors.Count > 0)
        {
            // The errors name fields outside the grant and may quote values: they are the provider's alone. The
            // consumer hears how many records were invalid, nothing more.
            var invalid = new ExchangeAnswerInvalid(id, resource.Code, resource.Provider, errors, by, now,
                invalidRecords, reply.Records.Count);
            return (Results.Problem(Problems.Validation(new Dictionary<string, string[]> { ["records"] = [.. errors] },
                    "The records break the resource's schema; the consumer is told how many records were invalid "
                    + "(not why), and this counts against the resource's quality.")),
                [invalid],
                late ? [SharingNotices.To(exchange.Consumer, id, "answer-invalid", invalid.ConsumerProblem(),
                    correlation, now, location)] : [],
                MartenOps.Nothing());
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
        var fields = granted.Order().ToList();
        return (Results.Ok(new ExchangeResult(id, resource.Code, ExchangeStates.Answered, location,
            exchange.RequestedAt, Fields: fields)),
            [new ExchangeAnswered(id, resource.Code, resource.Provider, filtered.Count, bytes.Length,
                Convert.ToHexStringLower(SHA256.HashData(bytes)), fields, [.. removed],
                (now - exchange.RequestedAt).TotalMilliseconds, resource.ResponseSlaSeconds, by, now)],
            late ? [SharingNotices.To(exchange.Consumer, id, "answer-ready", $"{filtered.Count} records", correlation,
                now, location)] : [],
            MartenOps.Store(new ExchangePickup { Id = id, Records = filtered }));
    }
}
