using Marten.Events.Projections;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Drafts;
using OneThing.Hub.Features.Sharing;

namespace OneThing.Hub.Features.Metrics;

/// <summary>
/// What happened in one minute, hour, day or month (Beijing time; the id says which, <see cref="FigureBuckets"/>):
/// the same figures as the all-time documents, per department, resource and One Thing, counted by the same Apply
/// methods, so a window's figures mean what the all-time ones mean. Only what happened in the step is in it.
/// </summary>
public sealed class FigureBucket
{
    public string Id { get; set; } = "";
    public Dictionary<string, DepartmentFigures> Departments { get; set; } = [];
    public Dictionary<string, ResourceFigures> Resources { get; set; } = [];
    public Dictionary<string, OneThingFigures> OneThings { get; set; } = [];

    /// <summary>Services that went overdue in the step, by department (the all-time documents keep who is overdue
    /// now instead).</summary>
    public Dictionary<string, long> WentOverdue { get; set; } = [];

    /// <summary>Applications submitted in the step, by front office.</summary>
    public Dictionary<string, long> Submitted { get; set; } = [];

    public DepartmentFigures Department(string code) =>
        Departments.TryGetValue(code, out var f) ? f : Departments[code] = new DepartmentFigures { Id = code };

    public ResourceFigures Resource(string code) =>
        Resources.TryGetValue(code, out var f) ? f : Resources[code] = new ResourceFigures { Id = code };

    public OneThingFigures OneThing(string code) =>
        OneThings.TryGetValue(code, out var f) ? f : OneThings[code] = new OneThingFigures { Id = code };
}

public sealed class FigureBucketProjection : MultiStreamProjection<FigureBucket, string>
{
    public FigureBucketProjection()
    {
        Identities<ServiceDispatched>(e => FigureBuckets.Of(e.DispatchedAt));
        Identities<ServiceCompleted>(e => FigureBuckets.Of(e.CompletedAt));
        Identities<ServiceRejected>(e => FigureBuckets.Of(e.RejectedAt));
        Identities<ServiceOverdue>(e => FigureBuckets.Of(e.NoticedAt));
        Identities<ServiceEscalated>(e => FigureBuckets.Of(e.EscalatedAt));
        Identities<ShareRequestGranted>(e => FigureBuckets.Of(e.GrantedAt));
        Identities<ShareRequestRejected>(e => FigureBuckets.Of(e.RejectedAt));
        Identities<ShareRequestDeadlineBreached>(e => FigureBuckets.Of(e.NoticedAt));
        Identities<ExchangeRequested>(e => FigureBuckets.Of(e.RequestedAt));
        Identities<ExchangeAnswered>(e => FigureBuckets.Of(e.AnsweredAt));
        Identities<ExchangeAnswerInvalid>(e => FigureBuckets.Of(e.AnsweredAt));
        Identities<ExchangeTimedOut>(e => FigureBuckets.Of(e.NoticedAt));
        Identities<QualityReported>(e => FigureBuckets.Of(e.ReportedAt));
        Identities<MessageDelivered>(e => FigureBuckets.Of(e.DeliveredAt));
        Identities<DeliveryAttemptFailed>(e => FigureBuckets.Of(e.FailedAt));
        Identities<ApplicationSubmitted>(e => FigureBuckets.Of(e.SubmittedAt));
        Identities<ApplicationFinished>(e => FigureBuckets.Of(e.FinishedAt));
        Identities<ApplicationRated>(e => FigureBuckets.Of(e.RatedAt));
        Identities<DraftPrepared>(e => FigureBuckets.Of(e.PreparedAt));
        Identities<DraftSubmitted>(e => FigureBuckets.Of(e.SubmittedAt));
        Identities<DraftDeclined>(e => FigureBuckets.Of(e.DeclinedAt));
        Identities<DraftExpired>(e => FigureBuckets.Of(e.ExpiredAt));
    }

    public static void Apply(FigureBucket b, ServiceDispatched e) =>
        DepartmentFiguresProjection.Apply(b.Department(e.Department), e);

    public static void Apply(FigureBucket b, ServiceCompleted e) =>
        DepartmentFiguresProjection.Apply(b.Department(e.Department), e);

    public static void Apply(FigureBucket b, ServiceRejected e) =>
        DepartmentFiguresProjection.Apply(b.Department(e.Department), e);

    public static void Apply(FigureBucket b, ServiceOverdue e)
    {
        b.Department(e.Department);
        b.WentOverdue[e.Department] = b.WentOverdue.GetValueOrDefault(e.Department) + 1;
    }

    public static void Apply(FigureBucket b, ServiceEscalated e) =>
        DepartmentFiguresProjection.Apply(b.Department(e.Department), e);

    public static void Apply(FigureBucket b, ShareRequestGranted e) =>
        DepartmentFiguresProjection.Apply(b.Department(e.Provider), e);

    public static void Apply(FigureBucket b, ShareRequestRejected e) =>
        DepartmentFiguresProjection.Apply(b.Department(e.Provider), e);

    public static void Apply(FigureBucket b, ShareRequestDeadlineBreached e) =>
        DepartmentFiguresProjection.Apply(b.Department(e.Provider), e);

    public static void Apply(FigureBucket b, ExchangeRequested e) =>
        ResourceFiguresProjection.Apply(b.Resource(e.Resource), e);

    public static void Apply(FigureBucket b, ExchangeAnswered e)
    {
        DepartmentFiguresProjection.Apply(b.Department(e.Provider), e);
        ResourceFiguresProjection.Apply(b.Resource(e.Resource), e);
    }

    public static void Apply(FigureBucket b, ExchangeAnswerInvalid e)
    {
        DepartmentFiguresProjection.Apply(b.Department(e.Provider), e);
        ResourceFiguresProjection.Apply(b.Resource(e.Resource), e);
    }

    public static void Apply(FigureBucket b, ExchangeTimedOut e)
    {
        DepartmentFiguresProjection.Apply(b.Department(e.Provider), e);
        ResourceFiguresProjection.Apply(b.Resource(e.Resource), e);
    }

    public static void Apply(FigureBucket b, QualityReported e)
    {
        DepartmentFiguresProjection.Apply(b.Department(e.Provider), e);
        ResourceFiguresProjection.Apply(b.Resource(e.Resource), e);
    }

    public static void Apply(FigureBucket b, MessageDelivered e) =>
        DepartmentFiguresProjection.Apply(b.Department(e.Department), e);

    public static void Apply(FigureBucket b, DeliveryAttemptFailed e) =>
        DepartmentFiguresProjection.Apply(b.Department(e.Department), e);

    public static void Apply(FigureBucket b, ApplicationSubmitted e)
    {
        OneThingFiguresProjection.Apply(b.OneThing(e.OneThing), e);
        b.Submitted[e.FrontOffice] = b.Submitted.GetValueOrDefault(e.FrontOffice) + 1;
    }

    // Events recorded before the hub named the One Thing on them count for no One Thing, as in YearFigures.
    public static void Apply(FigureBucket b, ApplicationFinished e)
    {
        if (e.OneThing is not null) OneThingFiguresProjection.Apply(b.OneThing(e.OneThing), e);
    }

    public static void Apply(FigureBucket b, ApplicationRated e) =>
        OneThingFiguresProjection.Apply(b.OneThing(e.OneThing), e);

    public static void Apply(FigureBucket b, DraftPrepared e) =>
        OneThingFiguresProjection.Apply(b.OneThing(e.OneThing), e);

    public static void Apply(FigureBucket b, DraftSubmitted e) =>
        OneThingFiguresProjection.Apply(b.OneThing(e.OneThing), e);

    public static void Apply(FigureBucket b, DraftDeclined e) =>
        OneThingFiguresProjection.Apply(b.OneThing(e.OneThing), e);

    public static void Apply(FigureBucket b, DraftExpired e) =>
        OneThingFiguresProjection.Apply(b.OneThing(e.OneThing), e);
}
