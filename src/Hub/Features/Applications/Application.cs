using JasperFx.Events;
using Marten.Events.Aggregation;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Features.Applications;

/// <summary>Where a service of an application stands. The public names are <see cref="ServiceStates"/>.</summary>
public enum ServiceStage { Waiting, Dispatched, Accepted, Supplement, Completed, Rejected, Withdrawn }

/// <summary>What decisions need of one service: its plan, its stage and its clock.</summary>
public sealed record ServiceState(
    PlannedService Plan,
    ServiceStage Stage = ServiceStage.Waiting,
    DateTimeOffset? DueAt = null,
    DateTimeOffset? DispatchedAt = null,
    double? DaysLeftWhenPaused = null,
    IReadOnlyList<CaseDocument>? Results = null,
    IReadOnlyDictionary<string, ServiceStage>? UnitStages = null)
{
    /// <summary>Where one unit's part stands (for a service of one unit, the service's own stage).</summary>
    public ServiceStage StageOf(string unit) =>
        Plan.IsJoint ? UnitStages?.GetValueOrDefault(unit, ServiceStage.Waiting) ?? ServiceStage.Waiting : Stage;

    /// <summary>The units of a joint service that have not done their part yet.</summary>
    public IEnumerable<string> UnitsLeft(string except) =>
        Plan.AllUnits.Where(u => u != except && StageOf(u) != ServiceStage.Completed);

    public ServiceState WithUnit(string? unit, ServiceStage stage) => unit is null || !Plan.IsJoint ? this
        : this with { UnitStages = new Dictionary<string, ServiceStage>(UnitStages ?? new Dictionary<string,
            ServiceStage>()) { [unit] = stage } };

    /// <summary>After a supplement every unit that waited for it works again.</summary>
    public ServiceState Resumed() => UnitStages is null ? this : this with
    {
        UnitStages = UnitStages.ToDictionary(u => u.Key,
            u => u.Value == ServiceStage.Supplement ? ServiceStage.Accepted : u.Value),
    };

    public string Code => Plan.Code;
    public IReadOnlyList<CaseDocument> Documents => Results ?? [];
    public bool IsOpen => Stage is ServiceStage.Dispatched or ServiceStage.Accepted or ServiceStage.Supplement;
    public bool IsDone => Stage is ServiceStage.Completed or ServiceStage.Rejected or ServiceStage.Withdrawn;

    /// <summary>The stage as departments read it.</summary>
    public string State => Stage switch
    {
        ServiceStage.Waiting => ServiceStates.Waiting,
        ServiceStage.Dispatched => ServiceStates.Dispatched,
        ServiceStage.Accepted => ServiceStates.Accepted,
        ServiceStage.Supplement => ServiceStates.Supplement,
        ServiceStage.Completed => ServiceStates.Completed,
        ServiceStage.Rejected => ServiceStates.Rejected,
        _ => ServiceStates.Withdrawn,
    };
}

/// <summary>
/// The decision state of an application: what each service waits for, who holds it, its clock, and what the work
/// items carry (the applicant and the form). Display data (names, reasons, dates) lives in
/// <see cref="ApplicationView"/>.
/// </summary>
public sealed record Application(
    string Id,
    string OneThing,
    string Edition,
    string FrontOffice,
    CaseApplicant Applicant,
    IReadOnlyDictionary<string, string> Form,
    CaseDelivery Delivery,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<ServiceState> Services,
    string CorrelationId,
    bool Finished = false,
    bool Rated = false,
    IReadOnlyDictionary<string, CaseFormValue>? Values = null,
    IReadOnlyDictionary<string, ServiceLicenceRead>? LicencesRead = null,
    IReadOnlySet<string>? RatedServices = null) : ICorrelatedCase
{
    /// <summary>The submission starts the case; its correlation id is the case's from then on.</summary>
    public static Application Create(ApplicationSubmitted e, string correlationId) => new(
        e.ApplicationId, e.OneThing, e.Edition, e.FrontOffice, e.Applicant, e.Form, e.Delivery, e.SubmittedAt,
        [.. e.Services.Select(s => new ServiceState(s))], correlationId,
        // Before round 2 a submission kept the values only: they count as the applicant's.
        Values: e.Values?.ToDictionary(v => v.Code)
                ?? e.Form.ToDictionary(f => f.Key, f => new CaseFormValue(f.Key, f.Value, FieldSourceKinds.Applicant)),
        LicencesRead: new Dictionary<string, ServiceLicenceRead>());

    /// <summary>The e-licence a completed service produced, as far as later forms read it.</summary>
    public ServiceLicenceRead? LicenceOf(string service) => LicencesRead?.GetValueOrDefault(service);

    public ServiceState? Service(string code) => Services.FirstOrDefault(s => s.Code == code);

    /// <summary>好差评 of one service, given once (一次一评; Features/Ratings).</summary>
    public bool IsRated(string service) => RatedServices?.Contains(service) == true;

    /// <summary>The state after one more event of the stream; this one is left as it was.</summary>
    public Application Evolve(object e) => e switch
    {
        ServiceDispatched x => With(x.Service,
            s => s.WithUnit(x.Department, ServiceStage.Dispatched) with
            {
                Stage = ServiceStage.Dispatched, DueAt = x.DueAt, DispatchedAt = x.DispatchedAt,
            }),
        ServiceAccepted x => With(x.Service,
            s => s.WithUnit(x.Department, ServiceStage.Accepted) with { Stage = ServiceStage.Accepted }),
        SupplementRequested x => With(x.Service, s => s.WithUnit(x.Department, ServiceStage.Supplement) with
        {
            Stage = ServiceStage.Supplement, DaysLeftWhenPaused = x.WorkingDaysLeft,
        }),
        SupplementProvided x => With(x.Service,
            s => s.Resumed() with { Stage = ServiceStage.Accepted, DueAt = x.DueAt, DaysLeftWhenPaused = null }),
        UnitCompleted x => With(x.Service, s => s.WithUnit(x.Department, ServiceStage.Completed) with
        {
            Results = [.. s.Documents, .. x.Results],
        }),
        ServiceCompleted x => With(x.Service, s => s.WithUnit(x.Department, ServiceStage.Completed) with
        {
            // A joint service's completion carries every unit's results.
            Stage = ServiceStage.Completed, Results = x.Results,
        }),
        ServiceRejected x => With(x.Service, s => s with { Stage = ServiceStage.Rejected }),
        ServiceWithdrawn x => With(x.Service, s => s with { Stage = ServiceStage.Withdrawn }),
        ServiceLicenceRead x => this with
        {
            LicencesRead = new Dictionary<string, ServiceLicenceRead>(LicencesRead ?? new Dictionary<string,
                ServiceLicenceRead>()) { [x.Service] = x },
        },
        ApplicationFinished => this with { Finished = true },
        ApplicationRated => this with { Rated = true },
        Ratings.ServiceRated x => this with
        {
            RatedServices = new HashSet<string>(RatedServices ?? Enumerable.Empty<string>()) { x.Service },
        },
        // Display only: an overdue mark and the delivery of the results change no decision.
        ServiceOverdue or ServiceEscalated or ApplicationResultsDelivered => this,
        // An event not evolved here would leave the next decision on stale state.
        _ => throw new InvalidOperationException($"Application.Evolve does not know {e.GetType().Name}."),
    };

    private Application With(string code, Func<ServiceState, ServiceState> change) =>
        this with { Services = [.. Services.Select(s => s.Code == code ? change(s) : s)] };
}

/// <summary>Marten folds an application's stream into its decision state on every write (live, never stored).</summary>
public sealed class ApplicationDecisions : SingleStreamProjection<Application, string>
{
    public override Application? Evolve(Application? snapshot, string id, IEvent e) => e.Data switch
    {
        ApplicationSubmitted submitted => Application.Create(submitted, e.CorrelationId ?? ""),
        _ => snapshot?.Evolve(e.Data),
    };
}
