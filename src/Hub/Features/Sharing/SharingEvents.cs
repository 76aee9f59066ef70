using System.Text.Json;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Sharing;

// Data sharing, fact by fact. Streams: resource/{code}; a share request, an exchange, a quality report and a dispute
// each under its own id; refusals/{department} for attempts that were turned away.
public sealed record ResourceRegistered(string Code, string Name, string Provider, string SharingClass, IReadOnlyList<ResourceField> Fields,
    JsonElement RecordSchema, int ResponseSlaSeconds, int FreshnessSlaHours, IReadOnlyList<string> QueryBy, int ApprovalDays,
    string? Description, string RegisteredBy, DateTimeOffset RegisteredAt);

public sealed record ShareRequested(string Id, string Resource, string Provider, string Consumer, string Purpose, string LegalBasis,
    IReadOnlyList<string> Fields, string ValidUntil, DateTimeOffset? DueAt, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>Granted by the compliance check, the provider, or a ruling; <see cref="InTime"/>: within the provider's deadline.</summary>
public sealed record ShareRequestGranted(string Id, string Resource, string Provider, IReadOnlyList<string> Fields, string ValidUntil, string Purpose,
    string Via, bool InTime, string GrantedBy, DateTimeOffset GrantedAt);

public sealed record ShareRequestRejected(string Id, string Resource, string Provider, IReadOnlyList<string> Reasons, bool InTime,
    string RejectedBy, DateTimeOffset RejectedAt);

public sealed record ShareRequestRefused(string Consumer, string Resource, string Reason, string RequestedBy, DateTimeOffset RefusedAt);

/// <summary>The provider did not answer within its deadline: a breach, escalated to the coordinating office.</summary>
public sealed record ShareRequestDeadlineBreached(string Id, string Provider, DateTimeOffset DueAt, DateTimeOffset NoticedAt);

public sealed record GrantRevoked(string Id, string Reason, string RevokedBy, DateTimeOffset RevokedAt);

public sealed record ShareRequestDisputed(string Id, string DisputeId, DateTimeOffset DisputedAt);

public sealed record QualityReportDisputed(string Id, string DisputeId, DateTimeOffset DisputedAt);

public sealed record ExchangeRequested(string Id, string ShareRequest, string Resource, string Provider, string Consumer, string Purpose,
    IReadOnlyList<string> QueryFields, string QueryDigest, IReadOnlyList<string> Fields, DateTimeOffset AnswerBy, string RequestedBy, DateTimeOffset RequestedAt);

public sealed record ExchangeRefused(string Consumer, string? ShareRequest, string? Resource, string Reason, string RequestedBy, DateTimeOffset RefusedAt);

/// <summary>What audit keeps of an answer: its digest, size, fields and timing, never the records themselves.</summary>
public sealed record ExchangeAnswered(string Id, string Resource, string Provider, int Records, int Bytes, string Digest,
    IReadOnlyList<string> FieldsReturned, IReadOnlyList<string> FieldsRemoved, double Milliseconds, int SlaSeconds, string AnsweredBy, DateTimeOffset AnsweredAt);

/// <summary>A provider's answer that broke the resource's schema: a quality event; the consumer gets an error, not the data.</summary>
public sealed record ExchangeAnswerInvalid(string Id, string Resource, string Provider, IReadOnlyList<string> Errors, string AnsweredBy, DateTimeOffset AnsweredAt);

public sealed record ExchangeTimedOut(string Id, string Resource, string Provider, DateTimeOffset AnswerBy, DateTimeOffset NoticedAt);

public sealed record ExchangeDelivered(string Id, string Consumer, bool Synchronous, DateTimeOffset DeliveredAt);

public sealed record QualityReported(string Id, string Exchange, string Resource, string Provider, string Consumer, string Problem,
    IReadOnlyList<string> Fields, DateTimeOffset DueAt, string ReportedBy, DateTimeOffset ReportedAt);

public sealed record QualityReportAnswered(string Id, bool Accepted, string Response, string AnsweredBy, DateTimeOffset AnsweredAt);

public sealed record QualityReportBreached(string Id, string Provider, DateTimeOffset DueAt, DateTimeOffset NoticedAt);

public sealed record DisputeRaised(string Id, string Subject, string Kind, string Consumer, string Provider, string Position,
    DateTimeOffset DueAt, string RaisedBy, DateTimeOffset RaisedAt);

public sealed record DisputePositionStated(string Id, string Party, string Position, string StatedBy, DateTimeOffset StatedAt);

public sealed record DisputeRuled(string Id, bool ForConsumer, string Decision, IReadOnlyList<string>? Fields, string? ValidUntil,
    string RuledBy, DateTimeOffset RuledAt);

public sealed record DisputeRulingBreached(string Id, DateTimeOffset DueAt, DateTimeOffset NoticedAt);

/// <summary>A dispute over a share request went the provider's way: the request stays rejected.</summary>
public sealed record ShareRequestRulingUpheld(string Id, string DisputeId, string Decision, DateTimeOffset RuledAt);

/// <summary>A dispute over a quality report went the provider's way: the data stands as it was.</summary>
public sealed record QualityReportUpheld(string Id, string DisputeId, string Decision, DateTimeOffset RuledAt);

/// <summary>A correction the coordinating office ordered after a quality dispute went the consumer's way.</summary>
public sealed record QualityCorrectionOrdered(string Id, string Dispute, string Decision, DateTimeOffset OrderedAt);

/// <summary>Deadlines, scheduled durably when the clock starts.</summary>
public sealed record SharingDeadline(string Subject, string Kind, DateTimeOffset DueAt);
