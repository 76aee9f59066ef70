using Marten;
using Wolverine;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

/// <summary>The provider's deadline to answer a quality report.</summary>
public sealed record QualityAnswerDue(string QualityReportId, DateTimeOffset DueAt);

public static class QualityAnswerDueHandler
{
    /// <summary>Still open at the deadline: a breach, and the coordinating office is told. A last-minute answer loads
    /// the same version; the loser runs again on the new state (retry policy).</summary>
    public static (Events, OutgoingMessages) Handle(
        QualityAnswerDue due,
        [WriteAggregate] QualityReport report,
        IDocumentSession session,
        TimeProvider clock) =>
        Decide(due, report, clock.GetUtcNow(), session.CorrelationId ?? report.Id);

    public static (Events, OutgoingMessages) Decide(QualityAnswerDue due, QualityReport report, DateTimeOffset now,
        string correlation) =>
        now < due.DueAt || report.State != QualityState.Open || report.Breached
            ? ([], [])
            : ([new QualityReportBreached(report.Id, report.Provider, due.DueAt, now)],
                [SharingNotices.To(SharingNotices.Coordinator, report.Id, "deadline-breached",
                    $"{report.Provider} did not answer quality report {report.Id}", correlation, now)]);
}
