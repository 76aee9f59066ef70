namespace OneThing.Hub.Features.Metrics;

/// <summary>A window's figures: its buckets added up per department, resource and One Thing, into the same
/// documents the all-time routes read, so that one mapping serves both.</summary>
public sealed class WindowFigures
{
    public Dictionary<string, DepartmentFigures> Departments { get; } = [];
    public Dictionary<string, ResourceFigures> Resources { get; } = [];
    public Dictionary<string, OneThingFigures> OneThings { get; } = [];
    public Dictionary<string, long> WentOverdue { get; } = [];
    public Dictionary<string, long> Submitted { get; } = [];

    public static WindowFigures Of(IEnumerable<FigureBucket> buckets)
    {
        var sum = new WindowFigures();
        foreach (var b in buckets)
        {
            foreach (var (code, f) in b.Departments)
                Add(sum.Departments.TryGetValue(code, out var d) ? d : sum.Departments[code] = new() { Id = code }, f);
            foreach (var (code, f) in b.Resources)
                Add(sum.Resources.TryGetValue(code, out var r) ? r : sum.Resources[code] = new() { Id = code }, f);
            foreach (var (code, f) in b.OneThings)
                Add(sum.OneThings.TryGetValue(code, out var o) ? o : sum.OneThings[code] = new() { Id = code }, f);
            foreach (var (code, n) in b.WentOverdue)
                sum.WentOverdue[code] = sum.WentOverdue.GetValueOrDefault(code) + n;
            foreach (var (code, n) in b.Submitted) sum.Submitted[code] = sum.Submitted.GetValueOrDefault(code) + n;
        }
        return sum;
    }

    public static void Add(DepartmentFigures to, DepartmentFigures f)
    {
        to.ServicesDispatched += f.ServicesDispatched;
        to.ServicesCompleted += f.ServicesCompleted;
        to.ServicesRejected += f.ServicesRejected;
        to.CompletedWithinLimit += f.CompletedWithinLimit;
        to.ProcessingHours.Add(f.ProcessingHours);
        to.ShareRequestsAnswered += f.ShareRequestsAnswered;
        to.ShareRequestsAnsweredInTime += f.ShareRequestsAnsweredInTime;
        to.ShareRequestBreaches += f.ShareRequestBreaches;
        to.ExchangesAnswered += f.ExchangesAnswered;
        to.ExchangeAnswerMs.Add(f.ExchangeAnswerMs);
        to.InvalidAnswers += f.InvalidAnswers;
        to.ExchangeTimeouts += f.ExchangeTimeouts;
        to.QualityReports += f.QualityReports;
        to.Deliveries += f.Deliveries;
        to.DeliveryFailures += f.DeliveryFailures;
        to.Escalations += f.Escalations;
    }

    public static void Add(ResourceFigures to, ResourceFigures f)
    {
        if (f.Provider != "") to.Provider = f.Provider;
        to.Exchanges += f.Exchanges;
        to.AnswerMs.Add(f.AnswerMs);
        to.SlowAnswers += f.SlowAnswers;
        to.InvalidAnswers += f.InvalidAnswers;
        to.Timeouts += f.Timeouts;
        to.QualityReports += f.QualityReports;
    }

    public static void Add(OneThingFigures to, OneThingFigures f)
    {
        to.Applications += f.Applications;
        to.Finished += f.Finished;
        to.Completed += f.Completed;
        to.PartiallyCompleted += f.PartiallyCompleted;
        to.Rejected += f.Rejected;
        to.Hours.Add(f.Hours);
        for (var i = 0; i < Math.Min(to.Ratings.Length, f.Ratings.Length); i++) to.Ratings[i] += f.Ratings[i];
        to.MaterialsSpared += f.MaterialsSpared;
        to.FieldsFilled += f.FieldsFilled;
        for (var i = 0; i < Math.Min(to.Drafts.Length, f.Drafts?.Length ?? 0); i++) to.Drafts[i] += f.Drafts![i];
    }
}
