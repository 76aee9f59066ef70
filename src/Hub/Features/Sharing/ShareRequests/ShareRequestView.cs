using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Sharing;

/// <summary>A share request and its history as the parties read it (a read model: decisions use <see
/// cref="ShareRequest"/>).</summary>
public sealed class ShareRequestView : IDigestedDocument
{
    public string Id { get; set; } = "";
    public string Resource { get; set; } = "";
    public string Provider { get; set; } = "";
    public string Consumer { get; set; } = "";
    public string State { get; set; } = ShareStates.Pending;
    public string Purpose { get; set; } = "";
    public string LegalBasis { get; set; } = "";
    public List<string> Fields { get; set; } = [];
    public string ValidUntil { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public bool Breached { get; set; }
    public Grant? Grant { get; set; }
    public List<string>? Reasons { get; set; }
    public List<ShareRequestStep> History { get; set; } = [];
    public string? Digest { get; set; }

    /// <summary>As its parties see it; with the calendar, a deadline past the last published year is flagged.
    /// </summary>
    public ShareRequestStatus Status(WorkingCalendar? calendar = null) => new(Id, Resource, Provider, Consumer, State,
        Purpose, LegalBasis, Fields, ValidUntil, RequestedAt, History, DueAt, Grant, Reasons, Breached,
        calendar?.IsProvisional(DueAt) == true ? true : null);
}

public sealed class ShareRequestProjection : SingleStreamProjection<ShareRequestView, string>
{
    public override ShareRequestView ApplyMetadata(ShareRequestView view, IEvent lastEvent) =>
        DocumentDigests.Stamp(view);

    public static ShareRequestView Create(ShareRequested e) => new()
    {
        Id = e.Id, Resource = e.Resource, Provider = e.Provider, Consumer = e.Consumer, Purpose = e.Purpose,
        LegalBasis = e.LegalBasis, Fields = [.. e.Fields], ValidUntil = e.ValidUntil, RequestedAt = e.RequestedAt,
        DueAt = e.DueAt, History = [new ShareRequestStep(e.RequestedAt, "requested", e.RequestedBy, e.Purpose)],
    };

    public static void Apply(ShareRequestGranted e, ShareRequestView v)
    {
        v.State = ShareStates.Granted;
        v.Grant = new Grant(e.Fields, e.ValidUntil, e.Purpose, "active", e.GrantedAt);
        v.History.Add(new ShareRequestStep(e.GrantedAt, "granted", e.GrantedBy,
            $"{e.Via}: {string.Join(", ", e.Fields)} until {e.ValidUntil}"));
    }

    public static void Apply(ShareRequestRejected e, ShareRequestView v)
    {
        (v.State, v.Reasons) = (ShareStates.Rejected, [.. e.Reasons]);
        v.History.Add(new ShareRequestStep(e.RejectedAt, "rejected", e.RejectedBy, string.Join("; ", e.Reasons)));
    }

    public static void Apply(ShareRequestDeadlineBreached e, ShareRequestView v)
    {
        v.Breached = true;
        v.History.Add(new ShareRequestStep(e.NoticedAt, "deadline-breached", "hub",
            $"due {e.DueAt:u}; escalated to the coordinating office"));
    }

    public static void Apply(GrantRevoked e, ShareRequestView v)
    {
        v.Grant = v.Grant! with { State = "revoked", RevokedReason = e.Reason };
        v.History.Add(new ShareRequestStep(e.RevokedAt, "grant-revoked", e.RevokedBy, e.Reason));
    }

    public static void Apply(ShareRequestDisputed e, ShareRequestView v)
    {
        v.State = ShareStates.Disputed;
        v.History.Add(new ShareRequestStep(e.DisputedAt, "disputed", "consumer", e.DisputeId));
    }

    public static void Apply(ShareRequestRulingUpheld e, ShareRequestView v)
    {
        (v.State, v.Reasons) = (ShareStates.Rejected, [e.Decision]);
        v.History.Add(new ShareRequestStep(e.RuledAt, "ruled-for-provider", "coordinator", e.DisputeId));
    }
}
