using Marten;
using OneThing.Hub.Infrastructure;
using Wolverine;
using Wolverine.Runtime;

namespace OneThing.Hub.Features.Delivery;

/// <summary>
/// Wolverine keeps its dead letters in a table of its own, with the department only inside the serialized message:
/// a department's own list could not be asked of it by an index. So the moment the delivery policy moves a message
/// to the error queue (<see cref="DeliveryRoute"/>), the hub records it as an event on the message's attempts
/// stream, and <see cref="DeadLetterProjection"/> keeps the department's list.
/// </summary>
public static class RecordDeadLetter
{
    public const string Description = "Record the dead letter on its department's delivery log";

    public static async ValueTask Record(IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception error)
    {
        var envelope = lifecycle.Envelope;
        if (envelope?.Message is not DeliverToDepartment { Message: var message }) return;
        var store = runtime.Services.GetRequiredService<IDocumentStore>();
        var clock = runtime.Services.GetRequiredService<TimeProvider>();
        await using var session = store.LightweightSession();
        HandlerMetadata.Before(envelope, session);
        session.CorrelationId = envelope.CorrelationId;
        // By hand: an error action runs outside any handler, after the handler's own transaction rolled back.
        session.Events.Append(DeliverToDepartmentHandler.AttemptsStream(message), new MessageDeadLettered(
            message.MessageId, message.Department, message.Kind, envelope.Id, error.Message, clock.GetUtcNow()));
        await session.SaveChangesAsync(CancellationToken.None);
    }
}
