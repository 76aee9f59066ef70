using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Delivery;

/// <summary>A message on its way to a department system, through the durable delivery queue
/// (<see cref="DeliveryRoute"/>).</summary>
public sealed record DeliverToDepartment(DepartmentMessage Message)
{
    public static DeliverToDepartment To(DepartmentMessage message) => new(message);

    public static DepartmentMessage Compose<T>(
        string kind,
        string department,
        string correlationId,
        DateTimeOffset now,
        T payload) =>
        new(Guid.CreateVersion7(), kind, department, correlationId, now,
            JsonSerializer.SerializeToElement(payload, HubJson.Options));
}

public sealed record MessageDelivered(
    Guid MessageId,
    string Department,
    string Kind,
    string Mode,
    int Attempt,
    double Milliseconds,
    DateTimeOffset DeliveredAt);

public sealed record DeliveryAttemptFailed(
    Guid MessageId,
    string Department,
    string Kind,
    int Attempt,
    string Error,
    DateTimeOffset FailedAt);

/// <summary>A webhook that did not take the message; Wolverine retries it with backoff, then dead-letters it.</summary>
public sealed class DeliveryFailedException(string message, Exception? inner = null) : Exception(message, inner);

public static class DeliverToDepartmentHandler
{

    /// <summary>
    /// Each message's attempts form a stream of their own: parallel deliveries to one department never contend for
    /// a stream (they used to, failing on its version: dead-lettered messages, and sequence gaps that held the async
    /// projections back for seconds; docs/BENCHMARKS.md).
    /// </summary>
    public static string AttemptsStream(DepartmentMessage m) =>
        $"{DeliveryChannelView.StreamKey(m.Department)}/{m.MessageId}";

    public static async Task<(IMartenOp, IMartenOp, OutgoingMessages)> Handle(
        DeliverToDepartment command,
        Envelope envelope,
        IDocumentSession session,
        IDocumentStore store,
        IHttpClientFactory http,
        SecretBox box,
        WebhookLanes lanes,
        TimeProvider clock,
        CancellationToken ct)
    {
        var message = command.Message;
        // A channel edited in SQL (its URL) is not used: the message waits, as for any failed delivery.
        var channel = DocumentDigests.Verified(
            await session.LoadAsync<DeliveryChannelView>(DeliveryChannelView.StreamKey(message.Department), ct));
        var stream = AttemptsStream(message);
        if (channel?.Mode != DeliveryModes.Webhook)
            return (MartenOps.Store(InboxItem.Enqueue(message, clock.GetUtcNow())),
                MartenOps.Append(stream, new MessageDelivered(message.MessageId, message.Department, message.Kind,
                    DeliveryModes.Inbox, envelope.Attempts, 0, clock.GetUtcNow())), []);

        // The department's share of the queue is in use: this message comes back, without counting an attempt.
        var admission = lanes.Enter(message.Department);
        if (admission.Later is { } later)
            return (MartenOps.Nothing(), MartenOps.Nothing(), [command.DelayedFor(later)]);
        var started = Stopwatch.GetTimestamp();
        var left = admission.Ticket is null;
        void Leave(string? failure)
        {
            if (!left) lanes.Leave(message.Department, admission.Ticket!.Value, failure);
            left = true;
        }
        try
        {
            if (admission.Refusal is { } slow) throw new DeliveryFailedException(slow);
            var secret = await session.LoadAsync<WebhookSecret>(message.Department, ct);
            var opened = secret is null ? null : box.Open(secret.Sealed);
            await Post(http.CreateClient(WebhookClient.Name), channel.Url!, message, opened, ct);
            Leave(null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException
                                      or DeliveryFailedException)
        {
            Leave(e.Message);   // before the failure is written: the attempt's own time says whether it was slow
            // Written by hand in a session of its own: the handler's transaction rolls back with the throw (so that
            // Wolverine retries), and the failed attempt is a fact all the same.
            await using var failures = store.LightweightSession();
            HandlerMetadata.Before(envelope, failures);   // the same who and why as the handler's own events
            failures.CorrelationId = session.CorrelationId;
            failures.CausationId = session.CausationId;
            // By hand: see above; the attempt outlives the rollback.
            failures.Events.Append(stream, new DeliveryAttemptFailed(
                message.MessageId, message.Department, message.Kind, envelope.Attempts, e.Message, clock.GetUtcNow()));
            await failures.SaveChangesAsync(CancellationToken.None);
            throw e as DeliveryFailedException
                ?? new DeliveryFailedException($"Webhook of {message.Department}: {e.Message}", e);
        }
        finally
        {
            Leave("the attempt broke off");   // whatever else went wrong: the share is given back
        }
        return (MartenOps.Append(stream, new MessageDelivered(message.MessageId, message.Department, message.Kind,
                DeliveryModes.Webhook, envelope.Attempts, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                clock.GetUtcNow())),
            MartenOps.Nothing(), []);
    }

    /// <summary>
    /// One attempt. The whole of it, the answer's body included, is bounded in time and size: a webhook that answers
    /// slowly or without end holds one of the queue's parallel deliveries for at most the client's timeout, and the
    /// other departments' work goes on beside it.
    /// </summary>
    internal static async Task Post(
        HttpClient client,
        string url,
        DepartmentMessage message,
        string? secret,
        CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, HubJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.MessageIdHeader, message.MessageId.ToString());
        if (secret is not null)
        {
            // The wall clock, not the hub's TimeProvider: the receiver compares it with its own clock.
            var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookSignature.TimestampHeader,
                timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(client.Timeout);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await Drain(response, timeout.Token);
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
            throw new DeliveryFailedException(
                $"Webhook of {message.Department} answered {status}, a redirect; the hub does not follow redirects");
        if (!response.IsSuccessStatusCode)
            throw new DeliveryFailedException($"Webhook of {message.Department} answered {status}");
    }

    /// <summary>Reads at most <see cref="WebhookClient.MaxAnswerBytes"/> of the answer and drops the rest with the
    /// connection.</summary>
    private static async Task Drain(HttpResponseMessage response, CancellationToken ct)
    {
        await using var answer = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[8192];
        for (var read = 0; read < WebhookClient.MaxAnswerBytes;)
        {
            var n = await answer.ReadAsync(buffer, ct);
            if (n == 0) return;
            read += n;
        }
    }
}
