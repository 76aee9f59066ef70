using JasperFx.Events;
using Marten;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using Wolverine;

namespace OneThing.Hub.Features.Applications;

// The facts of one application's life. Its stream key is the application id (a GUID v7).
public sealed record PlannedService(string Code, string Name, string Department, IReadOnlyList<string> Prerequisites, int TimeLimitDays);

public sealed record ApplicationSubmitted(
    string ApplicationId, string OneThing, string Edition, string FrontOffice, Applicant Applicant,
    IReadOnlyDictionary<string, string> Form, IReadOnlyList<string> FilledByHub, IReadOnlyList<PlannedService> Services,
    IReadOnlyList<SparedMaterial> MaterialsSpared, ResultDelivery Delivery, string SubmittedBy, DateTimeOffset SubmittedAt);

public sealed record ServiceDispatched(string ApplicationId, string Service, string Department, Guid MessageId,
    IReadOnlyList<WorkMaterial> Materials, DateTimeOffset DueAt, DateTimeOffset DispatchedAt);

public sealed record ServiceAccepted(string ApplicationId, string Service, string AcceptedBy, DateTimeOffset AcceptedAt);

public sealed record SupplementRequested(string ApplicationId, string Service, IReadOnlyList<string> Missing, string? Note,
    double WorkingDaysLeft, string RequestedBy, DateTimeOffset RequestedAt);

public sealed record SupplementProvided(string ApplicationId, string Service, IReadOnlyList<string> Items, string? Note,
    DateTimeOffset DueAt, string ProvidedBy, DateTimeOffset ProvidedAt);

/// <summary>A service done: <see cref="Hours"/> from dispatch, and whether it kept its committed time limit.</summary>
public sealed record ServiceCompleted(string ApplicationId, string Service, string Department, IReadOnlyList<ServiceResultDocument> Results,
    string? Note, double Hours, bool WithinLimit, string CompletedBy, DateTimeOffset CompletedAt);

public sealed record ServiceRejected(string ApplicationId, string Service, string Department, IReadOnlyList<string> Reasons, double Hours,
    string RejectedBy, DateTimeOffset RejectedAt);

public sealed record ServiceWithdrawn(string ApplicationId, string Service, string Reason, DateTimeOffset WithdrawnAt);

public sealed record ServiceOverdue(string ApplicationId, string Service, string Department, DateTimeOffset DueAt, DateTimeOffset NoticedAt);

public sealed record ApplicationFinished(string ApplicationId, string OneThing, string FrontOffice, string State, int Completed, int Rejected,
    double Hours, DateTimeOffset FinishedAt);

/// <summary>出件: the results went to the front office's channel, once, for the applicant's chosen delivery.</summary>
public sealed record ApplicationResultsDelivered(string ApplicationId, string FrontOffice, string Method, string? Address,
    Guid MessageId, DateTimeOffset DeliveredAt);

public sealed record ApplicationRated(string ApplicationId, string OneThing, int Score, string? Comment, string RatedBy, DateTimeOffset RatedAt);

/// <summary>
/// The decision state of an application: what each service waits for, who holds it, its clock. Display data
/// (names, results, reasons) lives in <see cref="ApplicationView"/>.
/// </summary>
public sealed class Application
{
    public string Id { get; set; } = "";
    public string OneThing { get; set; } = "";
    public string FrontOffice { get; set; } = "";
    public Applicant Applicant { get; set; } = null!;
    public IReadOnlyDictionary<string, string> Form { get; set; } = new Dictionary<string, string>();
    public string Edition { get; set; } = "";
    /// <summary>The correlation id of the submission: every later event and message of the case carries it.</summary>
    public string CorrelationId { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public ResultDelivery Delivery { get; set; } = null!;
    public Dictionary<string, ServiceState> Services { get; set; } = [];
    public bool Finished { get; set; }
    public bool Rated { get; set; }

    public sealed class ServiceState
    {
        public PlannedService Plan { get; set; } = null!;
        public string State { get; set; } = ServiceStates.Waiting;
        public DateTimeOffset? DueAt { get; set; }
        public DateTimeOffset? DispatchedAt { get; set; }
        public double? DaysLeftWhenPaused { get; set; }
        public List<ServiceResultDocument> Results { get; set; } = [];
        public bool IsOpen => State is ServiceStates.Dispatched or ServiceStates.Accepted or ServiceStates.Supplement;
        public bool IsDone => State is ServiceStates.Completed or ServiceStates.Rejected or ServiceStates.Withdrawn;
    }

    public void Apply(IEvent<ApplicationSubmitted> e)
    {
        Start(e.Data);
        CorrelationId = e.CorrelationId ?? "";
    }

    public void Start(ApplicationSubmitted e)
    {
        Id = e.ApplicationId;
        OneThing = e.OneThing;
        Edition = e.Edition;
        FrontOffice = e.FrontOffice;
        Applicant = e.Applicant;
        Form = e.Form;
        Delivery = e.Delivery;
        SubmittedAt = e.SubmittedAt;
        Services = e.Services.ToDictionary(s => s.Code, s => new ServiceState { Plan = s });
    }

    public void Apply(ServiceDispatched e) => Set(e.Service, ServiceStates.Dispatched, s => (s.DueAt, s.DispatchedAt) = (e.DueAt, e.DispatchedAt));
    public void Apply(ServiceAccepted e) => Set(e.Service, ServiceStates.Accepted);
    public void Apply(SupplementRequested e) => Set(e.Service, ServiceStates.Supplement, s => s.DaysLeftWhenPaused = e.WorkingDaysLeft);
    public void Apply(SupplementProvided e) => Set(e.Service, ServiceStates.Accepted, s => (s.DueAt, s.DaysLeftWhenPaused) = (e.DueAt, null));
    public void Apply(ServiceCompleted e) => Set(e.Service, ServiceStates.Completed, s => s.Results = [.. e.Results]);
    public void Apply(ServiceRejected e) => Set(e.Service, ServiceStates.Rejected);
    public void Apply(ServiceWithdrawn e) => Set(e.Service, ServiceStates.Withdrawn);
    public void Apply(ApplicationFinished _) => Finished = true;
    public void Apply(ApplicationRated _) => Rated = true;

    private void Set(string service, string state, Action<ServiceState>? change = null)
    {
        var s = Services[service];
        s.State = state;
        change?.Invoke(s);
    }

    /// <summary>Applies events decided in this request, so the next decision sees them.</summary>
    public void Decided(object e)
    {
        switch (e)
        {
            case ServiceDispatched x: Apply(x); break;
            case ServiceAccepted x: Apply(x); break;
            case SupplementRequested x: Apply(x); break;
            case SupplementProvided x: Apply(x); break;
            case ServiceCompleted x: Apply(x); break;
            case ServiceRejected x: Apply(x); break;
            case ServiceWithdrawn x: Apply(x); break;
            case ApplicationFinished x: Apply(x); break;
            case ApplicationRated x: Apply(x); break;
            // An event decided here and not applied would leave the next decision on stale state.
            default: throw new InvalidOperationException($"Application.Decided does not know {e.GetType().Name}.");
        }
    }
}

/// <summary>A case keeps one correlation id from submission to rating, whichever department's request moves it on.</summary>
public static class CaseCorrelation
{
    public static string Adopt(Application application, HttpContext http, IDocumentSession session, IMessageContext messaging)
    {
        var correlation = application.CorrelationId is { Length: > 0 } c ? c : http.CorrelationId();
        session.CorrelationId = correlation;
        messaging.CorrelationId = correlation;
        http.Response.Headers[Correlation.Header] = correlation;
        return correlation;
    }
}
