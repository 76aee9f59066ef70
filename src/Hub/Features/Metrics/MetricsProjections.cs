using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Features.Drafts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Sharing;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Metrics;

// The big data centre's figures, kept by the async daemon from the events of applications, sharing and delivery.
// Each document is keyed by what it measures; nothing is computed from raw events at read time.

public sealed class DepartmentFigures
{
    public string Id { get; set; } = "";
    public long ServicesDispatched { get; set; }
    public long ServicesCompleted { get; set; }
    public long ServicesRejected { get; set; }
    public long CompletedWithinLimit { get; set; }
    public HashSet<string> OverdueNow { get; set; } = [];
    public Histogram ProcessingHours { get; set; } = new();
    public long ShareRequestsAnswered { get; set; }
    public long ShareRequestsAnsweredInTime { get; set; }
    public long ShareRequestBreaches { get; set; }
    public long ExchangesAnswered { get; set; }
    public Histogram ExchangeAnswerMs { get; set; } = new();
    public long InvalidAnswers { get; set; }
    public long ExchangeTimeouts { get; set; }
    public long QualityReports { get; set; }
    public long Deliveries { get; set; }
    public long DeliveryFailures { get; set; }
    public long Escalations { get; set; }
}

public sealed class DepartmentFiguresProjection : MultiStreamProjection<DepartmentFigures, string>
{
    public DepartmentFiguresProjection()
    {
        Identity<ServiceDispatched>(e => e.Department);
        Identity<ServiceCompleted>(e => e.Department);
        Identity<ServiceRejected>(e => e.Department);
        Identity<ServiceOverdue>(e => e.Department);
        Identity<ServiceEscalated>(e => e.Department);
        Identity<ShareRequestGranted>(e => e.Provider);
        Identity<ShareRequestRejected>(e => e.Provider);
        Identity<ShareRequestDeadlineBreached>(e => e.Provider);
        Identity<ExchangeAnswered>(e => e.Provider);
        Identity<ExchangeAnswerInvalid>(e => e.Provider);
        Identity<ExchangeTimedOut>(e => e.Provider);
        Identity<QualityReported>(e => e.Provider);
        Identity<MessageDelivered>(e => e.Department);
        Identity<DeliveryAttemptFailed>(e => e.Department);
    }

    public static void Apply(DepartmentFigures f, ServiceDispatched e) => f.ServicesDispatched++;

    public static void Apply(DepartmentFigures f, ServiceCompleted e)
    {
        f.ServicesCompleted++;
        if (e.WithinLimit)
            f.CompletedWithinLimit++;
        f.ProcessingHours.Add(e.Hours);
        f.OverdueNow.Remove($"{e.ApplicationId}/{e.Service}");
    }

    public static void Apply(DepartmentFigures f, ServiceRejected e)
    {
        f.ServicesRejected++;
        f.ProcessingHours.Add(e.Hours);
        f.OverdueNow.Remove($"{e.ApplicationId}/{e.Service}");
    }

    public static void Apply(DepartmentFigures f, ServiceOverdue e) =>
        f.OverdueNow.Add($"{e.ApplicationId}/{e.Service}");

    public static void Apply(DepartmentFigures f, ServiceEscalated e) => f.Escalations++;

    public static void Apply(DepartmentFigures f, ShareRequestGranted e) => Answered(f, e.Via, e.InTime);

    public static void Apply(DepartmentFigures f, ShareRequestRejected e) => Answered(f, "provider", e.InTime);

    public static void Apply(DepartmentFigures f, ShareRequestDeadlineBreached e) => f.ShareRequestBreaches++;

    public static void Apply(DepartmentFigures f, ExchangeAnswered e)
    {
        f.ExchangesAnswered++;
        f.ExchangeAnswerMs.Add(e.Milliseconds);
    }

    public static void Apply(DepartmentFigures f, ExchangeAnswerInvalid e) => f.InvalidAnswers++;

    public static void Apply(DepartmentFigures f, ExchangeTimedOut e) => f.ExchangeTimeouts++;

    public static void Apply(DepartmentFigures f, QualityReported e) => f.QualityReports++;

    public static void Apply(DepartmentFigures f, MessageDelivered e) => f.Deliveries++;

    public static void Apply(DepartmentFigures f, DeliveryAttemptFailed e) => f.DeliveryFailures++;

    // Only what the provider itself answered counts for its timeliness, not the compliance check or a ruling.
    private static void Answered(DepartmentFigures f, string via, bool inTime)
    {
        if (via != "provider")
            return;
        f.ShareRequestsAnswered++;
        if (inTime)
            f.ShareRequestsAnsweredInTime++;
    }
}

public sealed class ResourceFigures
{
    public string Id { get; set; } = "";
    public string Provider { get; set; } = "";
    public long Exchanges { get; set; }
    public Histogram AnswerMs { get; set; } = new();
    public long SlowAnswers { get; set; }
    public long InvalidAnswers { get; set; }
    public long Timeouts { get; set; }
    public long QualityReports { get; set; }
}

public sealed class ResourceFiguresProjection : MultiStreamProjection<ResourceFigures, string>
{
    public ResourceFiguresProjection()
    {
        Identity<ExchangeRequested>(e => e.Resource);
        Identity<ExchangeAnswered>(e => e.Resource);
        Identity<ExchangeAnswerInvalid>(e => e.Resource);
        Identity<ExchangeTimedOut>(e => e.Resource);
        Identity<QualityReported>(e => e.Resource);
    }

    public static void Apply(ResourceFigures f, ExchangeRequested e) =>
        (f.Exchanges, f.Provider) = (f.Exchanges + 1, e.Provider);

    public static void Apply(ResourceFigures f, ExchangeAnswered e)
    {
        f.Provider = e.Provider;
        f.AnswerMs.Add(e.Milliseconds);
        if (SlaBreachProjection.Slow(e))
            f.SlowAnswers++;
    }

    public static void Apply(ResourceFigures f, ExchangeAnswerInvalid e) =>
        (f.InvalidAnswers, f.Provider) = (f.InvalidAnswers + 1, e.Provider);

    public static void Apply(ResourceFigures f, ExchangeTimedOut e) =>
        (f.Timeouts, f.Provider) = (f.Timeouts + 1, e.Provider);

    public static void Apply(ResourceFigures f, QualityReported e) =>
        (f.QualityReports, f.Provider) = (f.QualityReports + 1, e.Provider);
}

public sealed class OneThingFigures
{
    public string Id { get; set; } = "";
    public long Applications { get; set; }
    public long Finished { get; set; }
    public long Completed { get; set; }
    public long PartiallyCompleted { get; set; }
    public long Rejected { get; set; }
    public Histogram Hours { get; set; } = new();
    public long[] Ratings { get; set; } = new long[5];
    public long MaterialsSpared { get; set; }
    public long FieldsFilled { get; set; }

    /// <summary>免申即享: drafts prepared, submitted, declined and expired.</summary>
    public long[] Drafts { get; set; } = new long[4];
}

public sealed class OneThingFiguresProjection : MultiStreamProjection<OneThingFigures, string>
{
    public OneThingFiguresProjection()
    {
        Identity<ApplicationSubmitted>(e => e.OneThing);
        Identity<ApplicationFinished>(e => e.OneThing);
        Identity<ApplicationRated>(e => e.OneThing);
        Identity<DraftPrepared>(e => e.OneThing);
        Identity<DraftSubmitted>(e => e.OneThing);
        Identity<DraftDeclined>(e => e.OneThing);
        Identity<DraftExpired>(e => e.OneThing);
    }

    // What really happened: the materials that something stood in for, the fields looked up (not the identity
    // copied from the applicant record).
    public static void Apply(OneThingFigures f, ApplicationSubmitted e) =>
        (f.Applications, f.MaterialsSpared, f.FieldsFilled) = (f.Applications + 1,
            f.MaterialsSpared + e.MaterialsSpared.Count,
            f.FieldsFilled + (e.Values?.Count(v => v.Kind is FieldSourceKinds.Licence or FieldSourceKinds.Exchange)
                              ?? 0));

    public static void Apply(OneThingFigures f, ApplicationFinished e)
    {
        f.Finished++;
        f.Hours.Add(e.Hours);
        if (e.State == "completed")
            f.Completed++;
        else if (e.State == "rejected")
            f.Rejected++;
        else
            f.PartiallyCompleted++;
    }

    public static void Apply(OneThingFigures f, ApplicationRated e) => f.Ratings[e.Score - 1]++;

    public static void Apply(OneThingFigures f, DraftPrepared e) => f.Drafts[0]++;

    public static void Apply(OneThingFigures f, DraftSubmitted e) => f.Drafts[1]++;

    public static void Apply(OneThingFigures f, DraftDeclined e) => f.Drafts[2]++;

    public static void Apply(OneThingFigures f, DraftExpired e) => f.Drafts[3]++;
}

/// <summary>One day in Beijing time.</summary>
public sealed class DayFigures
{
    public string Id { get; set; } = "";
    public long Applications { get; set; }
    public long ServicesCompleted { get; set; }
    public long Exchanges { get; set; }
    public long Breaches { get; set; }

    public static string Of(DateTimeOffset at) => WorkingCalendar.Today(at).ToString("yyyy-MM-dd");
}

public sealed class DayFiguresProjection : MultiStreamProjection<DayFigures, string>
{
    public DayFiguresProjection()
    {
        Identity<ApplicationSubmitted>(e => DayFigures.Of(e.SubmittedAt));
        Identity<ServiceCompleted>(e => DayFigures.Of(e.CompletedAt));
        Identity<ExchangeAnswered>(e => DayFigures.Of(e.AnsweredAt));
        Identity<ServiceOverdue>(e => DayFigures.Of(e.NoticedAt));
        Identity<ShareRequestDeadlineBreached>(e => DayFigures.Of(e.NoticedAt));
        Identity<QualityReportBreached>(e => DayFigures.Of(e.NoticedAt));
        Identity<DisputeRulingBreached>(e => DayFigures.Of(e.NoticedAt));
        Identity<ExchangeTimedOut>(e => DayFigures.Of(e.NoticedAt));
    }

    public static void Apply(DayFigures d, ApplicationSubmitted e) => d.Applications++;

    public static void Apply(DayFigures d, ServiceCompleted e) => d.ServicesCompleted++;

    public static void Apply(DayFigures d, ExchangeAnswered e)
    {
        d.Exchanges++;
        if (SlaBreachProjection.Slow(e))
            d.Breaches++;
    }

    public static void Apply(DayFigures d, ServiceOverdue e) => d.Breaches++;

    public static void Apply(DayFigures d, ShareRequestDeadlineBreached e) => d.Breaches++;

    public static void Apply(DayFigures d, QualityReportBreached e) => d.Breaches++;

    public static void Apply(DayFigures d, DisputeRulingBreached e) => d.Breaches++;

    public static void Apply(DayFigures d, ExchangeTimedOut e) => d.Breaches++;
}

/// <summary>Per year: which One Things each front office completed, and which were completed at all.</summary>
public sealed class YearFigures
{
    public string Id { get; set; } = "";
    public Dictionary<string, HashSet<string>> ByFrontOffice { get; set; } = [];
    public HashSet<string> Completed { get; set; } = [];
}

public sealed class YearFiguresProjection : MultiStreamProjection<YearFigures, string>
{
    public YearFiguresProjection() =>
        Identity<ApplicationFinished>(e => WorkingCalendar.Today(e.FinishedAt).Year.ToString());

    public static void Apply(YearFigures y, ApplicationFinished e)
    {
        // Events recorded before the hub named the One Thing and front office on them count for no one.
        if (e.State != "completed" || e.OneThing is null || e.FrontOffice is null)
            return;
        y.Completed.Add(e.OneThing);
        (y.ByFrontOffice.TryGetValue(e.FrontOffice, out var set) ? set : y.ByFrontOffice[e.FrontOffice] = []).Add(
            e.OneThing
        );
    }
}
