using Marten.Events.Aggregation;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Sharing;

/// <summary>A quality report as its parties read it (a read model: decisions use <see
/// cref="QualityReport"/>).</summary>
public sealed class QualityReportView
{
    public string Id { get; set; } = "";
    public QualityReportStatus Status { get; set; } = null!;
}

public sealed class QualityReportProjection : SingleStreamProjection<QualityReportView, string>
{
    public static QualityReportView Create(QualityReported e) => new()
    {
        Id = e.Id,
        Status = new QualityReportStatus(e.Id, e.Exchange, e.Resource, e.Provider, e.Consumer,
            QualityReport.Name(QualityState.Open), e.Problem, e.ReportedAt, e.DueAt),
    };

    public static void Apply(QualityReportAnswered e, QualityReportView v) => v.Status = v.Status with
    {
        State = QualityReport.Name(e.Accepted ? QualityState.Accepted : QualityState.ContestedByProvider),
        Response = e.Response,
    };

    public static void Apply(QualityReportBreached e,
        QualityReportView v) => v.Status = v.Status with { Breached = true };

    public static void Apply(QualityReportDisputed e, QualityReportView v) =>
        v.Status = v.Status with { State = QualityReport.Name(QualityState.Disputed) };

    public static void Apply(QualityReportUpheld e, QualityReportView v) =>
        v.Status = v.Status with { State = QualityReport.Name(QualityState.Upheld), Response = e.Decision };

    public static void Apply(QualityCorrectionOrdered e, QualityReportView v) =>
        v.Status = v.Status with { State = QualityReport.Name(QualityState.CorrectionOrdered), Response = e.Decision };
}
