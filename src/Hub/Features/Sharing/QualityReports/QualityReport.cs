namespace OneThing.Hub.Features.Sharing;

// Stream {quality report id}: a consumer's report that an exchange's data was wrong or missing, and its answer.

public sealed record QualityReported(
    string Id,
    string Exchange,
    string Resource,
    string Provider,
    string Consumer,
    string Problem,
    IReadOnlyList<string> Fields,
    DateTimeOffset DueAt,
    string ReportedBy,
    DateTimeOffset ReportedAt);

public sealed record QualityReportAnswered(string Id, bool Accepted, string Response, string AnsweredBy,
    DateTimeOffset AnsweredAt);

public sealed record QualityReportBreached(string Id, string Provider, DateTimeOffset DueAt, DateTimeOffset NoticedAt);

public sealed record QualityReportDisputed(string Id, string DisputeId, DateTimeOffset DisputedAt);

/// <summary>A dispute over a quality report went the provider's way: the data stands as it was.</summary>
public sealed record QualityReportUpheld(string Id, string DisputeId, string Decision, DateTimeOffset RuledAt);

/// <summary>A correction the coordinating office ordered after a quality dispute went the consumer's way.</summary>
public sealed record QualityCorrectionOrdered(string Id, string Dispute, string Decision, DateTimeOffset OrderedAt);

public enum QualityState { Open, Accepted, ContestedByProvider, Disputed, Upheld, CorrectionOrdered }

/// <summary>What the provider's answer, the deadline and a dispute decide on; <see cref="Resource"/> is what a
/// dispute over it records.</summary>
public sealed record QualityReport(string Id, string Provider, string Consumer, QualityState State = QualityState.Open,
    bool Breached = false, string? Resource = null)
{
    public const int AnswerDays = 5;

    public static QualityReport Create(QualityReported e) => new(e.Id, e.Provider, e.Consumer, Resource: e.Resource);

    public QualityReport Apply(QualityReportAnswered e) =>
        this with { State = e.Accepted ? QualityState.Accepted : QualityState.ContestedByProvider };

    public QualityReport Apply(QualityReportBreached e) => this with { Breached = true };
    public QualityReport Apply(QualityReportDisputed e) => this with { State = QualityState.Disputed };
    public QualityReport Apply(QualityReportUpheld e) => this with { State = QualityState.Upheld };
    public QualityReport Apply(QualityCorrectionOrdered e) => this with { State = QualityState.CorrectionOrdered };

    /// <summary>The state as the public contract spells it.</summary>
    public string StateName => Name(State);

    public static string Name(QualityState state) => state switch
    {
        QualityState.Open => "open",
        QualityState.Accepted => "accepted",
        QualityState.ContestedByProvider => "contested-by-provider",
        QualityState.Disputed => "disputed",
        QualityState.Upheld => "upheld",
        _ => "correction-ordered",
    };
}
