using Marten;
using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>The coordinating office's deadline to rule on a dispute.</summary>
public sealed record DisputeRulingDue(string DisputeId, DateTimeOffset DueAt);

public static class DisputeRulingDueHandler
{
    /// <summary>Not ruled by the deadline: a breach, and the coordinating office is told. A ruling at the same moment
    /// loads the same version; the loser runs again on the new state (retry policy).</summary>
    public static (Events, OutgoingMessages) Handle(
        DisputeRulingDue due,
        [WriteAggregate] Dispute dispute,
        IDocumentSession session,
        TimeProvider clock) =>
        Decide(due, dispute, clock.GetUtcNow(), session.CorrelationId ?? dispute.Id);

    public static (Events, OutgoingMessages) Decide(DisputeRulingDue due, Dispute dispute, DateTimeOffset now,
        string correlation) =>
        now < due.DueAt || dispute.State != DisputeState.Open || dispute.Breached
            ? ([], [])
            : ([new DisputeRulingBreached(dispute.Id, due.DueAt, now)],
                [SharingNotices.To(SharingNotices.Coordinator, dispute.Id, "deadline-breached",
                    $"Dispute {dispute.Id} is not ruled by {due.DueAt:u}", correlation, now)]);
}
