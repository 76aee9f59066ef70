using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;

namespace OneThing.Hub.Features.Drafts;

/// <summary>What a front office lists (GET /api/drafts): the draft as offered, and what became of it. Inline, so a
/// front office reads its own submission or decline at once.</summary>
public sealed class DraftView
{
    public string Id { get; set; } = "";
    public string FrontOffice { get; set; } = "";
    public string State { get; set; } = DraftStates.Open;

    /// <summary>The list's order and cursor: the time prepared (ticks), then the id.</summary>
    public string SortKey { get; set; } = "";
    public DraftPrepared Prepared { get; set; } = null!;
    public string? ApplicationId { get; set; }
    public string? DeclineReason { get; set; }

    public ApplicationDraft ToContract() => DraftContract.Of(Prepared, State, ApplicationId, DeclineReason);
}

public static class DraftContract
{
    public static ApplicationDraft Of(DraftPrepared p, string state = DraftStates.Open, string? applicationId = null,
        string? declineReason = null) =>
        new(p.DraftId, p.OneThing, p.OneThingName, p.Edition, p.FrontOffice, state, p.Services,
            [.. p.Fields.Select(f => new FormValue(f.Code, f.Label, f.Type, f.Required, f.UsedBy, f.Value?.Value,
                f.Value?.ToSource(), f.Value?.Found))],
            p.ToType, new DraftTrigger(p.LicenceId, p.LicenceType), p.PreparedAt, p.ExpiresAt,
            $"/api/drafts/{p.DraftId}/submission", p.AtSubmission ?? [], p.Applicant?.ToContract(), applicationId,
            declineReason);
}

public sealed class DraftViewProjection : SingleStreamProjection<DraftView, string>
{
    public static DraftView Create(IEvent<DraftPrepared> e) => new()
    {
        Id = e.StreamKey!,
        FrontOffice = e.Data.FrontOffice,
        SortKey = $"{e.Data.PreparedAt.UtcTicks:D19}:{e.Data.DraftId}",
        Prepared = e.Data,
    };

    public static void Apply(DraftView view, DraftSubmitted e)
    {
        view.State = DraftStates.Submitted;
        view.ApplicationId = e.ApplicationId;
    }

    public static void Apply(DraftView view, DraftDeclined e)
    {
        view.State = DraftStates.Declined;
        view.DeclineReason = e.Reason;
    }

    public static void Apply(DraftView view, DraftExpired _) => view.State = DraftStates.Expired;
}
