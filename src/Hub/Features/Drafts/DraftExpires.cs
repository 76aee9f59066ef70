using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Drafts;

/// <summary>A draft's time to wait for consent is up.</summary>
public sealed record DraftExpires(string DraftId, DateTimeOffset ExpiresAt);

public static class DraftExpiresHandler
{
    /// <summary>Still open at its time: expired. A submission at the last minute loads the same version; the loser
    /// runs again on the new state (retry policy) and finds the draft no longer open.</summary>
    public static Events Handle(DraftExpires due, [WriteAggregate] Draft draft, TimeProvider clock) =>
        Decide(due, draft, clock.GetUtcNow());

    public static Events Decide(DraftExpires due, Draft draft, DateTimeOffset now) =>
        now < due.ExpiresAt || draft.State != DraftState.Open
            ? []
            : [new DraftExpired(draft.Id, draft.FrontOffice, now, draft.OneThing)];
}
