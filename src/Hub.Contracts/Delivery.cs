namespace OneThing.Contracts;

/// <summary>How a department system receives work: a signed webhook, or its inbox that it pulls.</summary>
public sealed record DeliverySettings(string Mode, string? Url = null, string? Secret = null);

public static class DeliveryModes
{
    public const string Webhook = "webhook";
    public const string Inbox = "inbox";
}

public sealed record DeliveryChannel(
    string Department,
    string Mode,
    DateTimeOffset ConfiguredAt,
    string? Url = null,
    string? SecretFingerprint = null
);

/// <summary>
/// Every message the hub sends to a department system. Webhooks receive it as the POST body, signed with
/// <c>X-OneThing-Timestamp</c> and <c>X-OneThing-Signature: v1=&lt;hex HMAC-SHA256 of timestamp "." body&gt;</c>
/// (<see cref="WebhookSignature"/>); <see cref="MessageId"/> is what the receiver de-duplicates on.
/// </summary>
public sealed record DepartmentMessage(
    Guid MessageId,
    string Kind,
    string Department,
    string CorrelationId,
    DateTimeOffset CreatedAt,
    System.Text.Json.JsonElement Payload
);

public static class MessageKinds
{
    public const string WorkItem = "work-item";
    // to the front office: the applicant must bring more
    public const string SupplementRequired = "supplement-required";
    public const string SupplementProvided = "supplement-provided";
    public const string ApplicationResults = "application-results";
    // 监管: to the One Thing's lead units and the coordinating office: a service is overdue
    public const string ServiceEscalated = "service-escalated";
    // to a district's front office: 免申即享, a draft application the hub prepared from a pushed e-licence
    public const string ApplicationDraft = "application-draft";
    // to the department itself, when it asks for a test of its webhook (payload DeliveryPing)
    public const string DeliveryPing = "delivery-ping";
    // 好差评 (payload RectificationNotice): to the rated department, a bad rating to rectify, or its deadline passed;
    // to the front office, a reply to follow up; to the coordinating office, an appeal to decide or a missed
    // deadline; to the department and the front office, the appeal's decision
    public const string RectificationOpened = "rectification-opened";
    public const string RectificationOverdue = "rectification-overdue";
    public const string RectificationReplied = "rectification-replied";
    public const string RectificationAppealed = "rectification-appealed";
    public const string RectificationAppealDecided = "rectification-appeal-decided";
}

/// <summary>监管: the payload of a service-escalated message: which service of which application is overdue, and
/// who holds it.</summary>
public sealed record EscalationNotice(
    string ApplicationId,
    string OneThing,
    string Service,
    IReadOnlyList<string> HeldBy,
    DateTimeOffset DueAt,
    DateTimeOffset NoticedAt
);

/// <summary>Work for a responsible department: one service of an application, with one set of materials.</summary>
public sealed record WorkItem(
    string ApplicationId,
    string OneThing,
    string Edition,
    string Service,
    string ServiceName,
    Applicant Applicant,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<WorkMaterial> Materials,
    int TimeLimitDays,
    DateTimeOffset DueAt,
    string OutcomeUrl,
    IReadOnlyList<FormValue>? Fields = null,
    JointWork? Joint = null
);

/// <summary>联办: a work item of a service that several units do together: the kind, and every unit.</summary>
public sealed record JointWork(string Kind, IReadOnlyList<string> Units);

/// <summary>A material attached by the hub: a result or e-licence of an earlier service, or what the applicant
/// brought.</summary>
public sealed record WorkMaterial(
    string Code,
    string Name,
    string Source,
    ServiceResultDocument? Document = null,
    string? MaterialId = null,
    string? ExchangeId = null
);

/// <summary>出件: the results of a finished application, delivered once to its front office.</summary>
public sealed record ApplicationResults(
    string ApplicationId,
    string OneThing,
    string State,
    ResultDelivery Delivery,
    IReadOnlyList<ServiceStatus> Services
);

public sealed record SupplementNotice(
    string ApplicationId,
    string Service,
    IReadOnlyList<string> Items,
    string? Note = null
);

public sealed record InboxPage(IReadOnlyList<DepartmentMessage> Messages, int VisibleForSeconds);

/// <summary>A message the hub gave up on after its last retry; an operator replays it once the department is
/// back.</summary>
public sealed record DeadLetter(
    Guid Id,
    string Error,
    bool Replayable,
    Guid? MessageId = null,
    string? Department = null,
    string? Kind = null,
    DateTimeOffset? SentAt = null
);

public sealed record DeadLetterList(int Count, IReadOnlyList<DeadLetter> DeadLetters);

public sealed record ReplayDeadLetters(IReadOnlyList<Guid> Ids);

/// <summary>One attempt to deliver a message to a department system, as that department's delivery log shows it.
/// </summary>
public sealed record DeliveryAttempt(
    string Id,
    Guid MessageId,
    string Kind,
    string Outcome,
    int Attempt,
    DateTimeOffset At,
    string? Mode = null,
    double? Milliseconds = null,
    string? Error = null
);

public static class DeliveryOutcomes
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public static readonly IReadOnlyList<string> All = [Delivered, Failed];
}

/// <summary>A department's own dead letter: a message the hub gave up on, and whether a replay was asked for.
/// </summary>
public sealed record DepartmentDeadLetter(
    Guid Id,
    Guid MessageId,
    string Kind,
    string State,
    string Error,
    DateTimeOffset DeadLetteredAt,
    DateTimeOffset? ReplayedAt = null
);

public static class DeadLetterStates
{
    // waiting for a replay
    public const string Dead = "dead";
    // put back on the department's queue; it is tried again from its first attempt
    public const string Replayed = "replayed";
    public static readonly IReadOnlyList<string> All = [Dead, Replayed];
}

/// <summary>The payload of a delivery-ping message: a test of the webhook, asked for by the department itself.
/// </summary>
public sealed record DeliveryPing(string Department, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>The outcome of a test ping to a department's webhook, recorded in its delivery log as any attempt.
/// </summary>
public sealed record DeliveryPingResult(
    Guid MessageId,
    string Outcome,
    string Url,
    double Milliseconds,
    DateTimeOffset At,
    string? Error = null
);
