using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Sharing;

public sealed class ResourceView
{
    public string Id { get; set; } = "";
    public DataResource Resource { get; set; } = null!;
    public static string StreamKey(string code) => $"resource/{code}";
}

public sealed class ResourceProjection : SingleStreamProjection<ResourceView, string>
{
    public static ResourceView Create(IEvent<ResourceRegistered> e) => new()
    {
        Id = e.StreamKey!,
        Resource = new DataResource(e.Data.Code, e.Data.Name, e.Data.Provider, e.Data.SharingClass, e.Data.Fields, e.Data.RecordSchema,
            e.Data.ResponseSlaSeconds, e.Data.FreshnessSlaHours, e.Data.QueryBy, e.Data.ApprovalDays, e.Data.RegisteredAt, e.Data.Description),
    };

    public static void Apply(Metrics.ResourceSlaChanged e, ResourceView v) =>
        v.Resource = v.Resource with { ResponseSlaSeconds = e.ResponseSlaSeconds, FreshnessSlaHours = e.FreshnessSlaHours };
}

/// <summary>A supply-demand request and its grant: the state decisions are made on, and its history for the parties.</summary>
public sealed class ShareRequestView
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

    public ShareRequestStatus Status() => new(Id, Resource, Provider, Consumer, State, Purpose, LegalBasis, Fields, ValidUntil, RequestedAt,
        History, DueAt, Grant, Reasons, Breached);

    /// <summary>Why this grant does not cover a query now, or null when it does.</summary>
    public string? GrantProblem(DateTimeOffset now)
    {
        if (Grant is null) return $"Share request {Id} is {State}: there is no grant.";
        if (Grant.State == "revoked") return $"The grant was revoked: {Grant.RevokedReason}";
        return DateOnly.Parse(Grant.ValidUntil) < WorkingCalendar.Today(now)
            ? $"The grant expired on {Grant.ValidUntil}." : null;
    }
}

public sealed class ShareRequestProjection : SingleStreamProjection<ShareRequestView, string>
{
    public static ShareRequestView Create(ShareRequested e) => new()
    {
        Id = e.Id, Resource = e.Resource, Provider = e.Provider, Consumer = e.Consumer, Purpose = e.Purpose, LegalBasis = e.LegalBasis,
        Fields = [.. e.Fields], ValidUntil = e.ValidUntil, RequestedAt = e.RequestedAt, DueAt = e.DueAt,
        History = [new ShareRequestStep(e.RequestedAt, "requested", e.RequestedBy, e.Purpose)],
    };

    public static void Apply(ShareRequestGranted e, ShareRequestView v)
    {
        v.State = ShareStates.Granted;
        v.Grant = new Grant(e.Fields, e.ValidUntil, e.Purpose, "active", e.GrantedAt);
        v.History.Add(new ShareRequestStep(e.GrantedAt, "granted", e.GrantedBy, $"{e.Via}: {string.Join(", ", e.Fields)} until {e.ValidUntil}"));
    }

    public static void Apply(ShareRequestRejected e, ShareRequestView v)
    {
        (v.State, v.Reasons) = (ShareStates.Rejected, [.. e.Reasons]);
        v.History.Add(new ShareRequestStep(e.RejectedAt, "rejected", e.RejectedBy, string.Join("; ", e.Reasons)));
    }

    public static void Apply(ShareRequestDeadlineBreached e, ShareRequestView v)
    {
        v.Breached = true;
        v.History.Add(new ShareRequestStep(e.NoticedAt, "deadline-breached", "hub", $"due {e.DueAt:u}; escalated to the coordinating office"));
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

public sealed class ExchangeView
{
    public string Id { get; set; } = "";
    public string ShareRequest { get; set; } = "";
    public string Resource { get; set; } = "";
    public string Provider { get; set; } = "";
    public string Consumer { get; set; } = "";
    public string State { get; set; } = ExchangeStates.Routed;
    public List<string> Fields { get; set; } = [];
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset AnswerBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? Problem { get; set; }
}

public sealed class ExchangeProjection : SingleStreamProjection<ExchangeView, string>
{
    public static ExchangeView Create(ExchangeRequested e) => new()
    {
        Id = e.Id, ShareRequest = e.ShareRequest, Resource = e.Resource, Provider = e.Provider, Consumer = e.Consumer,
        Fields = [.. e.Fields], RequestedAt = e.RequestedAt, AnswerBy = e.AnswerBy,
    };

    public static void Apply(ExchangeAnswered e, ExchangeView v) => (v.State, v.AnsweredAt, v.Fields) = (ExchangeStates.Answered, e.AnsweredAt, [.. e.FieldsReturned]);
    public static void Apply(ExchangeAnswerInvalid e, ExchangeView v) =>
        (v.State, v.AnsweredAt, v.Problem) = (ExchangeStates.Invalid, e.AnsweredAt, "The provider's answer broke the resource schema: " + string.Join("; ", e.Errors));
    public static void Apply(ExchangeTimedOut e, ExchangeView v) => (v.State, v.Problem) = (ExchangeStates.TimedOut, $"No answer by {e.AnswerBy:u}.");
    public static void Apply(ExchangeDelivered e, ExchangeView v) => v.State = ExchangeStates.Delivered;
}

/// <summary>An answer waiting for its consumer; deleted when handed over. Only place the records are kept.</summary>
public sealed class ExchangePickup
{
    public string Id { get; set; } = "";
    public List<System.Text.Json.JsonElement> Records { get; set; } = [];
}

public sealed class QualityReportView
{
    public string Id { get; set; } = "";
    public QualityReportStatus Status { get; set; } = null!;
}

public sealed class QualityReportProjection : SingleStreamProjection<QualityReportView, string>
{
    public static QualityReportView Create(QualityReported e) => new()
    {
        Id = e.Id, Status = new QualityReportStatus(e.Id, e.Exchange, e.Resource, e.Provider, e.Consumer, "open", e.Problem, e.ReportedAt, e.DueAt),
    };

    public static void Apply(QualityReportAnswered e, QualityReportView v) =>
        v.Status = v.Status with { State = e.Accepted ? "accepted" : "contested-by-provider", Response = e.Response };
    public static void Apply(QualityReportBreached e, QualityReportView v) => v.Status = v.Status with { Breached = true };
    public static void Apply(QualityReportDisputed e, QualityReportView v) => v.Status = v.Status with { State = "disputed" };
    public static void Apply(QualityReportUpheld e, QualityReportView v) => v.Status = v.Status with { State = "upheld", Response = e.Decision };
    public static void Apply(QualityCorrectionOrdered e, QualityReportView v) => v.Status = v.Status with { State = "correction-ordered", Response = e.Decision };
}

public sealed class DisputeView
{
    public string Id { get; set; } = "";
    public DisputeStatus Status { get; set; } = null!;
}

public sealed class DisputeProjection : SingleStreamProjection<DisputeView, string>
{
    public static DisputeView Create(DisputeRaised e) => new()
    {
        Id = e.Id, Status = new DisputeStatus(e.Id, e.Subject, e.Kind, e.Consumer, e.Provider, "open", e.Position, e.RaisedAt, e.DueAt),
    };

    public static void Apply(DisputePositionStated e, DisputeView v) => v.Status = v.Status with { ProviderPosition = e.Position };
    public static void Apply(DisputeRuled e, DisputeView v) => v.Status = v.Status with { State = "ruled", Decision = e.Decision, ForConsumer = e.ForConsumer };
    public static void Apply(DisputeRulingBreached e, DisputeView v) => v.Status = v.Status with { Breached = true };
}
