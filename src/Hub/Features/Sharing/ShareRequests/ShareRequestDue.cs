using Marten;
using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>The provider's deadline to answer a conditional request, scheduled durably when the request is
/// made.</summary>
public sealed record ShareRequestDue(string ShareRequestId, DateTimeOffset DueAt);

public static class ShareRequestDueHandler
{
    /// <summary>Still unanswered when the deadline comes: a breach, and the coordinating office is told. A last-minute
    /// answer and the deadline load the same version; the loser runs again on the new state (retry policy).</summary>
    public static (Events, OutgoingMessages) Handle(
        ShareRequestDue due,
        [WriteAggregate] ShareRequest state,
        IDocumentSession session,
        TimeProvider clock) =>
        Decide(due, state, clock.GetUtcNow(), session.CorrelationId ?? state.Id);

    public static (Events, OutgoingMessages) Decide(ShareRequestDue due, ShareRequest state, DateTimeOffset now,
        string correlation)
    {
        if (now < due.DueAt || state.State != ShareState.Pending || state.Breached) return ([], []);
        return ([new ShareRequestDeadlineBreached(state.Id, state.Provider, due.DueAt, now)],
        [
            SharingNotices.To(SharingNotices.Coordinator, state.Id, "deadline-breached",
                $"{state.Provider} did not answer {state.Consumer}'s request for {state.Resource} by {due.DueAt:u}",
                correlation, now, $"/api/share-requests/{state.Id}"),
            SharingNotices.To(state.Provider, state.Id, "deadline-breached",
                "The request is escalated to the coordinating office.", correlation, now),
        ]);
    }
}
