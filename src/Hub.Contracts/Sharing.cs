using System.Text.Json;

namespace OneThing.Contracts;

/// <summary>数据资源: what a provider department offers to share, under which class, how fast.</summary>
public sealed record RegisterResource(
    string Code,
    string Name,
    string SharingClass,
    IReadOnlyList<ResourceField> Fields,
    JsonElement RecordSchema,
    int ResponseSlaSeconds,
    int FreshnessSlaHours,
    IReadOnlyList<string> QueryBy,
    string? Description = null,
    int? ApprovalDays = null
);

public sealed record ResourceField(string Code, string Label, string Type, bool Personal, string? Sensitive = null);

public sealed record DataResource(
    string Code,
    string Name,
    string Provider,
    string SharingClass,
    IReadOnlyList<ResourceField> Fields,
    JsonElement RecordSchema,
    int ResponseSlaSeconds,
    int FreshnessSlaHours,
    IReadOnlyList<string> QueryBy,
    int ApprovalDays,
    DateTimeOffset RegisteredAt,
    string? Description = null,
    int Version = 1,
    DateTimeOffset? RetiredAt = null,
    string? RetiredReason = null
);

/// <summary>A new version of a resource's schema, by its provider: the fields, the record schema and the query
/// fields as they are from now on. Grants made before keep their fields; their consumers are told.</summary>
public sealed record ChangeResourceSchema(
    IReadOnlyList<ResourceField> Fields,
    JsonElement RecordSchema,
    IReadOnlyList<string> QueryBy,
    string? Note = null
);

/// <summary>The provider (or the coordinating office) retires a resource: its open grants end, its consumers are
/// told, and nothing more is requested or exchanged under it.</summary>
public sealed record RetireResource(string Reason);

public sealed record ResourceList(int Count, IReadOnlyList<DataResource> Resources);

public static class SharingClasses
{
    public const string Unconditional = "unconditional"; // 无条件共享
    public const string Conditional = "conditional"; // 有条件共享
    public const string NotShared = "not-shared"; // 不予共享
    public static readonly IReadOnlyList<string> All = [Unconditional, Conditional, NotShared];
}

/// <summary>供需对接: a consumer asks for access to a resource, for a purpose, on a legal basis, to some fields, until a
/// date.</summary>
public sealed record RequestShare(
    string Resource,
    string Purpose,
    string LegalBasis,
    IReadOnlyList<string> Fields,
    string ValidUntil
);

public sealed record ApproveShareRequest(
    IReadOnlyList<string>? Fields = null,
    string? ValidUntil = null,
    string? Note = null
);

public sealed record RejectShareRequest(IReadOnlyList<string> Reasons);

public sealed record RevokeGrant(string Reason);

public sealed record ShareRequestStatus(
    string Id,
    string Resource,
    string Provider,
    string Consumer,
    string State,
    string Purpose,
    string LegalBasis,
    IReadOnlyList<string> Fields,
    string ValidUntil,
    DateTimeOffset RequestedAt,
    IReadOnlyList<ShareRequestStep> History,
    DateTimeOffset? DueAt = null,
    Grant? Grant = null,
    IReadOnlyList<string>? Reasons = null,
    bool Breached = false,
    bool? DeadlineProvisional = null
);

public sealed record ShareRequestStep(DateTimeOffset At, string What, string By, string? Detail = null);

/// <summary>What a consumer may do under an approved request: these fields, for this purpose, until this
/// date.</summary>
public sealed record Grant(
    IReadOnlyList<string> Fields,
    string ValidUntil,
    string Purpose,
    string State,
    DateTimeOffset GrantedAt,
    string? RevokedReason = null
);

public static class ShareStates
{
    public const string Pending = "pending",
        Granted = "granted",
        Rejected = "rejected",
        Disputed = "disputed";
}

/// <summary>A routed query under a grant: the provider's records that match, reduced to the granted fields.</summary>
public sealed record RequestExchange(
    string ShareRequest,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyList<string>? Fields = null
);

public sealed record ExchangeReply(IReadOnlyList<JsonElement> Records);

public sealed record ExchangeResult(
    string Id,
    string Resource,
    string State,
    string Location,
    DateTimeOffset RequestedAt,
    IReadOnlyList<JsonElement>? Records = null,
    IReadOnlyList<string>? Fields = null,
    string? Problem = null,
    DateTimeOffset? AnsweredAt = null
);

/// <summary>An exchange as its lists show it (GET /api/exchanges): who asked whom for which fields, and how it
/// went. Never the records: those go to the consumer once, from GET /api/exchanges/{id}.</summary>
public sealed record ExchangeSummary(
    string Id,
    string ShareRequest,
    string Resource,
    string Provider,
    string Consumer,
    string State,
    IReadOnlyList<string> Fields,
    DateTimeOffset RequestedAt,
    DateTimeOffset AnswerBy,
    DateTimeOffset? AnsweredAt = null
);

public static class ExchangeStates
{
    public const string Routed = "routed",
        Answered = "answered",
        Delivered = "delivered",
        Invalid = "invalid-answer",
        TimedOut = "timed-out";
}

/// <summary>The query as the provider's system receives it.</summary>
public sealed record ExchangeQuery(
    string ExchangeId,
    string Resource,
    string Consumer,
    string Purpose,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyList<string> Fields,
    DateTimeOffset AnswerBy,
    string ReplyUrl
);

public sealed record ReportQuality(string Problem, IReadOnlyList<string>? Fields = null);

public sealed record AnswerQualityReport(bool Accepted, string Response);

public sealed record QualityReportStatus(
    string Id,
    string Exchange,
    string Resource,
    string Provider,
    string Consumer,
    string State,
    string Problem,
    DateTimeOffset ReportedAt,
    DateTimeOffset DueAt,
    string? Response = null,
    bool Breached = false
);

/// <summary>争议处理: a consumer contests a rejection; the coordinating office rules.</summary>
public sealed record RaiseDispute(string Position);

public sealed record StatePosition(string Position);

public sealed record RuleDispute(
    bool ForConsumer,
    string Decision,
    IReadOnlyList<string>? Fields = null,
    string? ValidUntil = null
);

public sealed record DisputeStatus(
    string Id,
    string Subject,
    string Kind,
    string Consumer,
    string Provider,
    string State,
    string ConsumerPosition,
    DateTimeOffset RaisedAt,
    DateTimeOffset DueAt,
    string? ProviderPosition = null,
    string? Decision = null,
    bool? ForConsumer = null,
    bool Breached = false,
    string? Resource = null
);

/// <summary>What a department hears of sharing: a request to decide, a decision, an answer ready, a deadline
/// broken.</summary>
public sealed record SharingNotice(string Subject, string Event, string Detail, string? Location = null);
