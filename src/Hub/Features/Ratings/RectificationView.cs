using Marten.Events.Aggregation;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Ratings;

/// <summary>
/// A rectification as its parties read it (a read model: decisions use <see cref="Rectification"/>); inline, so a
/// department reads its own writes. Its top-level members are what the list filters on (each has an index).
/// </summary>
public sealed class RectificationView
{
    public string Id { get; set; } = "";
    public string Department { get; set; } = "";
    public string FrontOffice { get; set; } = "";
    public string State { get; set; } = RectificationStates.Open;
    public bool Overdue { get; set; }
    public RectificationStatus Status { get; set; } = null!;
}

public sealed class RectificationViewProjection : SingleStreamProjection<RectificationView, string>
{
    public static RectificationView Create(RectificationOpened e) => new()
    {
        Id = e.Id,
        Department = e.Department,
        FrontOffice = e.FrontOffice,
        Status = new RectificationStatus(e.Id, e.ApplicationId, e.OneThing, e.Service, e.Department, e.FrontOffice,
            e.Level, RatingLevels.NameOf(e.Level), RectificationStates.Open, false, e.WorkingDays, e.OpenedAt,
            e.DueAt, e.ApplicantComment),
    };

    public static void Apply(RectificationOverdue e, RectificationView v) => Set(v, v.State, overdue: true);

    public static void Apply(RectificationReplied e, RectificationView v)
    {
        Set(v, RectificationStates.Replied, overdue: false);
        v.Status = v.Status with { Reply = e.Reply, RepliedAt = e.RepliedAt, RepliedInTime = e.InTime };
    }

    public static void Apply(RectificationAppealed e, RectificationView v)
    {
        Set(v, RectificationStates.Appealed, v.Overdue);
        v.Status = v.Status with { Appeal = e.Reason, AppealedAt = e.AppealedAt };
    }

    public static void Apply(RectificationAppealDecided e, RectificationView v)
    {
        Set(v, e.Upheld ? RectificationStates.Annulled : RectificationStates.Open, !e.Upheld && v.Overdue);
        v.Status = v.Status with
        {
            AppealUpheld = e.Upheld, AppealDecision = e.Decision, AppealDecidedAt = e.DecidedAt,
            DueAt = e.DueAt ?? v.Status.DueAt,
        };
    }

    public static void Apply(RectificationFollowedUp e, RectificationView v)
    {
        Set(v, RectificationStates.Closed, overdue: false);
        v.Status = v.Status with { FollowUp = e.Result, FollowUpNote = e.ApplicantNote, FollowedUpAt = e.FollowedUpAt };
    }

    private static void Set(RectificationView v, string state, bool overdue)
    {
        (v.State, v.Overdue) = (state, overdue);
        v.Status = v.Status with { State = state, Overdue = overdue };
    }
}
