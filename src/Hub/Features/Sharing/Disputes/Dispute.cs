namespace OneThing.Hub.Features.Sharing;

// Stream {dispute id}: a consumer contests a rejected share request or a contested quality report; the coordinating
// office rules, and the ruling lands on the subject's stream too.

/// <summary><see cref="Resource"/>: the resource the subject is about; missing from disputes raised before lists
/// filtered by it.</summary>
public sealed record DisputeRaised(
    string Id,
    string Subject,
    string Kind,
    string Consumer,
    string Provider,
    string Position,
    DateTimeOffset DueAt,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    string? Resource = null);

public sealed record DisputePositionStated(string Id, string Party, string Position, string StatedBy,
    DateTimeOffset StatedAt);

public sealed record DisputeRuled(
    string Id,
    bool ForConsumer,
    string Decision,
    IReadOnlyList<string>? Fields,
    string? ValidUntil,
    string RuledBy,
    DateTimeOffset RuledAt);

public sealed record DisputeRulingBreached(string Id, DateTimeOffset DueAt, DateTimeOffset NoticedAt);

public enum DisputeKind { ShareRequest, QualityReport }

public enum DisputeState { Open, Ruled }

/// <summary>What the provider's position, the ruling and the deadline decide on.</summary>
public sealed record Dispute(
    string Id,
    string Subject,
    DisputeKind Kind,
    string Consumer,
    string Provider,
    DisputeState State = DisputeState.Open,
    bool Breached = false)
{
    public const int RulingDays = 10;

    public static string KindName(DisputeKind kind) => kind == DisputeKind.ShareRequest ? "share-request"
        : "quality-report";

    public static Dispute Create(DisputeRaised e) =>
        new(e.Id, e.Subject, e.Kind == "share-request" ? DisputeKind.ShareRequest : DisputeKind.QualityReport,
            e.Consumer, e.Provider);

    public Dispute Apply(DisputeRuled e) => this with { State = DisputeState.Ruled };
    public Dispute Apply(DisputeRulingBreached e) => this with { Breached = true };
}
