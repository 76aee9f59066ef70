using Marten.Events.Aggregation;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Applications;

/// <summary>
/// What a front office or a department sees of an application (a read model for GETs only); inline, so it reads its
/// own writes.
/// </summary>
public sealed class ApplicationView
{
    public string Id { get; set; } = "";
    public string OneThing { get; set; } = "";
    public string Edition { get; set; } = "";
    public string State { get; set; } = "in-progress";
    public Applicant Applicant { get; set; } = null!;
    public string FrontOffice { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public List<ServiceLine> Services { get; set; } = [];
    public List<SparedMaterial> MaterialsSpared { get; set; } = [];
    public List<string> FilledByHub { get; set; } = [];
    public ResultDelivery Delivery { get; set; } = null!;
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? ResultsDeliveredAt { get; set; }
    public int? Rating { get; set; }
    /// <summary>Every unit with a part in one of its services, for the lists of those units (fixed at submission:
    /// the plan names them).</summary>
    public List<string> Departments { get; set; } = [];

    public sealed class ServiceLine
    {
        public PlannedService Plan { get; set; } = null!;
        public string State { get; set; } = ServiceStates.Waiting;
        public DateTimeOffset Since { get; set; }
        public DateTimeOffset? DueAt { get; set; }
        public double? DaysLeftWhenPaused { get; set; }
        public bool Overdue { get; set; }
        public List<string>? Reasons { get; set; }
        public List<ServiceResultDocument>? Results { get; set; }
        public bool Escalated { get; set; }
        /// <summary>联办: each unit's part, for a service of several units.</summary>
        public List<UnitStatus>? Units { get; set; }
    }

    public ServiceLine Line(string code) => Services.First(s => s.Plan.Code == code);
}

public sealed class ApplicationViewProjection : SingleStreamProjection<ApplicationView, string>
{
    public static ApplicationView Create(ApplicationSubmitted e) => new()
    {
        Id = e.ApplicationId,
        OneThing = e.OneThing,
        Edition = e.Edition,
        Applicant = e.Applicant.ToContract(),
        FrontOffice = e.FrontOffice,
        SubmittedAt = e.SubmittedAt,
        MaterialsSpared = [.. e.MaterialsSpared.Select(m => m.ToContract())],
        FilledByHub = [.. e.FilledByHub],
        Delivery = e.Delivery.ToContract(),
        Services = [.. e.Services.Select(s => new ApplicationView.ServiceLine { Plan = s, Since = e.SubmittedAt })],
        Departments = [.. e.Services.SelectMany(s => s.AllUnits).Distinct().Order(StringComparer.Ordinal)],
    };

    public static void Apply(ServiceDispatched e, ApplicationView v)
    {
        Move(v, e.Service, ServiceStates.Dispatched, e.DispatchedAt, l => l.DueAt = e.DueAt);
        Unit(v, e.Service, e.Department, ServiceStates.Dispatched, e.DispatchedAt);
    }

    public static void Apply(ServiceAccepted e, ApplicationView v)
    {
        // A joint service is accepted when its first unit accepts; each unit's part is shown beside it.
        Move(v, e.Service, ServiceStates.Accepted, e.AcceptedAt);
        Unit(v, e.Service, e.Department, ServiceStates.Accepted, e.AcceptedAt);
    }

    public static void Apply(SupplementRequested e, ApplicationView v)
    {
        Move(v, e.Service, ServiceStates.Supplement, e.RequestedAt,
            l => (l.DaysLeftWhenPaused, l.Reasons) = (e.WorkingDaysLeft, [.. e.Missing]));
        Unit(v, e.Service, e.Department, ServiceStates.Supplement, e.RequestedAt, [.. e.Missing]);
    }

    public static void Apply(UnitCompleted e, ApplicationView v) =>
        Unit(v, e.Service, e.Department, ServiceStates.Completed, e.CompletedAt);

    public static void Apply(ServiceEscalated e, ApplicationView v) => v.Line(e.Service).Escalated = true;

    public static void Apply(SupplementProvided e, ApplicationView v) =>
        Move(v, e.Service, ServiceStates.Accepted, e.ProvidedAt, l =>
        {
            (l.DueAt, l.DaysLeftWhenPaused, l.Reasons) = (e.DueAt, null, null);
            l.Units = l.Units?.Select(u => u.State == ServiceStates.Supplement
                ? u with { State = ServiceStates.Accepted, Since = e.ProvidedAt, Reasons = null } : u).ToList();
        });

    public static void Apply(ServiceCompleted e, ApplicationView v)
    {
        Move(v, e.Service, ServiceStates.Completed, e.CompletedAt, l => l.Results = e.Results.ToContract());
        Unit(v, e.Service, e.Department, ServiceStates.Completed, e.CompletedAt);
    }

    public static void Apply(ServiceRejected e, ApplicationView v)
    {
        Move(v, e.Service, ServiceStates.Rejected, e.RejectedAt, l => l.Reasons = [.. e.Reasons]);
        Unit(v, e.Service, e.Department, ServiceStates.Rejected, e.RejectedAt, [.. e.Reasons]);
    }

    public static void Apply(ServiceWithdrawn e, ApplicationView v) =>
        Move(v, e.Service, ServiceStates.Withdrawn, e.WithdrawnAt, l => l.Reasons = [e.Reason]);

    public static void Apply(ServiceOverdue e, ApplicationView v) => v.Line(e.Service).Overdue = true;
    public static void Apply(ApplicationFinished e, ApplicationView v) =>
        (v.State, v.FinishedAt) = (e.State, e.FinishedAt);
    public static void Apply(ApplicationResultsDelivered e, ApplicationView v) => v.ResultsDeliveredAt = e.DeliveredAt;
    public static void Apply(ApplicationRated e, ApplicationView v) => v.Rating = e.Score;

    // 联办 only: a service of one unit shows no parts.
    private static void Unit(ApplicationView v, string service, string? unit, string state, DateTimeOffset at,
        List<string>? reasons = null)
    {
        var line = v.Line(service);
        if (unit is null || !line.Plan.IsJoint) return;
        var units = line.Units ??= [.. line.Plan.AllUnits.Select(u => new UnitStatus(u, ServiceStates.Waiting, at))];
        var i = units.FindIndex(u => u.Department == unit);
        if (i >= 0) units[i] = new UnitStatus(unit, state, at, reasons);
    }

    private static void Move(
        ApplicationView v,
        string service,
        string state,
        DateTimeOffset at,
        Action<ApplicationView.ServiceLine>? change = null)
    {
        var line = v.Line(service);
        (line.State, line.Since) = (state, at);
        change?.Invoke(line);
    }
}
