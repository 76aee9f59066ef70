using JasperFx.Events;
using Marten.Events.Aggregation;
using Marten.Events.Projections;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Delivery;

// The attempts of one message are the stream delivery/{department}/{messageId} (DeliverToDepartmentHandler): its
// MessageDelivered and DeliveryAttemptFailed, then, when the retries ran out, MessageDeadLettered, and a replay.

/// <summary>The last retry failed: the message lies in Wolverine's dead letters under <see cref="DeadLetterId"/>
/// (the envelope's id), until it is replayed.</summary>
public sealed record MessageDeadLettered(
    Guid MessageId,
    string Department,
    string Kind,
    Guid DeadLetterId,
    string Error,
    DateTimeOffset DeadLetteredAt);

/// <summary>A dead letter was put back on its department's queue, by the department itself or the coordinating
/// office.</summary>
public sealed record DeadLetterReplayed(
    Guid MessageId,
    string Department,
    Guid DeadLetterId,
    string ReplayedBy,
    DateTimeOffset ReplayedAt);

/// <summary>One attempt in a department's delivery log; its id is the event's, so that every attempt is one row.
/// </summary>
public sealed class DeliveryAttemptView
{
    public string Id { get; set; } = "";
    public string Department { get; set; } = "";
    public Guid MessageId { get; set; }
    public string Kind { get; set; } = "";
    public string Outcome { get; set; } = "";
    public int Attempt { get; set; }
    public string? Mode { get; set; }
    public double? Milliseconds { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset At { get; set; }

    public DeliveryAttempt ToContract() => new(Id, MessageId, Kind, Outcome, Attempt, At, Mode, Milliseconds, Error);
}

/// <summary>Inline: a ping's outcome, and a failure written beside a rolled-back handler, are in the log at once.
/// </summary>
public sealed partial class DeliveryAttemptProjection : EventProjection
{
    public DeliveryAttemptView Create(IEvent<MessageDelivered> e) => new()
    {
        Id = e.Id.ToString(), Department = e.Data.Department, MessageId = e.Data.MessageId, Kind = e.Data.Kind,
        Outcome = DeliveryOutcomes.Delivered, Attempt = e.Data.Attempt, Mode = e.Data.Mode,
        Milliseconds = e.Data.Milliseconds, At = e.Data.DeliveredAt,
    };

    public DeliveryAttemptView Create(IEvent<DeliveryAttemptFailed> e) => new()
    {
        Id = e.Id.ToString(), Department = e.Data.Department, MessageId = e.Data.MessageId, Kind = e.Data.Kind,
        Outcome = DeliveryOutcomes.Failed, Attempt = e.Data.Attempt, Error = e.Data.Error, At = e.Data.FailedAt,
    };
}

/// <summary>A department's dead letter; the id is the attempts stream's key (one dead letter per message at a time:
/// a replayed message that fails again is dead-lettered again under the same envelope).</summary>
public sealed class DeadLetterView
{
    public string Id { get; set; } = "";
    public Guid DeadLetterId { get; set; }
    public string Department { get; set; } = "";
    public Guid MessageId { get; set; }
    public string Kind { get; set; } = "";
    public string State { get; set; } = DeadLetterStates.Dead;
    public string Error { get; set; } = "";
    public DateTimeOffset DeadLetteredAt { get; set; }
    public DateTimeOffset? ReplayedAt { get; set; }

    public DepartmentDeadLetter ToContract() =>
        new(DeadLetterId, MessageId, Kind, State, Error, DeadLetteredAt, ReplayedAt);
}

public sealed class DeadLetterProjection : SingleStreamProjection<DeadLetterView, string>
{
    public static DeadLetterView Create(IEvent<MessageDeadLettered> e) => Apply(e, new DeadLetterView());

    public static DeadLetterView Apply(IEvent<MessageDeadLettered> e, DeadLetterView view)
    {
        view.Id = e.StreamKey!;
        view.DeadLetterId = e.Data.DeadLetterId;
        view.Department = e.Data.Department;
        view.MessageId = e.Data.MessageId;
        view.Kind = e.Data.Kind;
        view.State = DeadLetterStates.Dead;
        view.Error = e.Data.Error;
        view.DeadLetteredAt = e.Data.DeadLetteredAt;
        view.ReplayedAt = null;
        return view;
    }

    public static void Apply(DeadLetterReplayed e, DeadLetterView view) =>
        (view.State, view.ReplayedAt) = (DeadLetterStates.Replayed, e.ReplayedAt);
}
