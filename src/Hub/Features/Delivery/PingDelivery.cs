using System.Diagnostics;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Delivery;

/// <summary>
/// A department tests its webhook: the hub posts a delivery-ping message to it at once, signed as every delivery is
/// (the same client, address checks, timeout and share of the queue), records the outcome in the department's
/// delivery log as an attempt, and answers it. The ping is not retried: a failure is the answer.
/// </summary>
public static class PingDeliveryEndpoint
{
    public static async Task<DeliveryChannelView?> LoadAsync(string code, IQuerySession session,
        CancellationToken ct) =>
        DocumentDigests.Verified(await session.LoadAsync<DeliveryChannelView>(DeliveryChannelView.StreamKey(code), ct));

    public static ProblemDetails Validate(string code, DeliveryChannelView? channel, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(code)) return Problems.Forbidden($"Only {code} tests its own webhook.");
        return channel is { Mode: DeliveryModes.Webhook, Url: not null }
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"{code} receives its work in its inbox: there is no webhook to test. "
                + "Choose one with PUT /api/departments/{code}/delivery.");
    }

    [WolverinePost("/api/departments/{code}/delivery/ping"), Authorize(Roles = Roles.Department)]
    [ProducesResponseType<DeliveryPingResult>(200), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<(DeliveryPingResult, IMartenOp)> Post(
        string code,
        [NotBody] DeliveryChannelView channel,
        ClaimsPrincipal user,
        IQuerySession session,
        IHttpClientFactory http,
        SecretBox box,
        WebhookLanes lanes,
        HttpContext context,
        TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var message = DeliverToDepartment.Compose(MessageKinds.DeliveryPing, code, context.CorrelationId(), now,
            new DeliveryPing(code, user.Id(), now));
        var started = Stopwatch.GetTimestamp();
        var error = await Attempt(channel, message, session, http, box, lanes, ct);
        var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var at = clock.GetUtcNow();
        var stream = DeliverToDepartmentHandler.AttemptsStream(message);
        object attempt = error is null
            ? new MessageDelivered(message.MessageId, code, message.Kind, DeliveryModes.Webhook, 1, took, at)
            : new DeliveryAttemptFailed(message.MessageId, code, message.Kind, 1, error, at);
        return (new DeliveryPingResult(message.MessageId,
                error is null ? DeliveryOutcomes.Delivered : DeliveryOutcomes.Failed, channel.Url!, took, at, error),
            MartenOps.Append(stream, attempt));
    }

    /// <summary>One attempt, as a delivery makes it; the reason it failed, or null.</summary>
    private static async Task<string?> Attempt(
        DeliveryChannelView channel,
        DepartmentMessage message,
        IQuerySession session,
        IHttpClientFactory http,
        SecretBox box,
        WebhookLanes lanes,
        CancellationToken ct)
    {
        var admission = lanes.Enter(message.Department);
        if (admission.Refusal is { } refusal) return refusal;
        if (admission.Ticket is not { } ticket)
            return $"The webhook of {message.Department} is busy with {message.Department}'s deliveries; ping later.";
        string? failure = "the attempt broke off";
        try
        {
            var secret = await session.LoadAsync<WebhookSecret>(message.Department, ct);
            await DeliverToDepartmentHandler.Post(http.CreateClient(WebhookClient.Name), channel.Url!, message,
                secret is null ? null : box.Open(secret.Sealed), ct);
            failure = null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException
                                      or DeliveryFailedException)
        {
            failure = e.Message;
        }
        finally
        {
            lanes.Leave(message.Department, ticket, failure);
        }
        return failure;
    }
}
