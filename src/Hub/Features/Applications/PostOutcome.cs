using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Features.Licences;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Applications;

public static class PostOutcomeEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(string serviceCode, ServiceOutcome request, Application application,
        ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (!application.Services.TryGetValue(serviceCode, out var service))
            return Problems.NotFound($"Service '{serviceCode}' is not part of application {application.Id}.");
        if (!user.IsDepartment(service.Plan.Department))
            return Problems.Forbidden($"Only {service.Plan.Department} reports on {serviceCode}.");
        if (request is null || !Outcomes.All.Contains(request.Outcome))
            return Problems.Validation("outcome", $"Use one of {string.Join(", ", Outcomes.All)}.");
        if (request.Note is { Length: > 2000 }) return Problems.Validation("note", "At most 2000 characters.");
        if (request.Results?.Any(r => r is null) == true || request.Results is { Count: > 50 })
            return Problems.Validation("results", "At most 50 results, none null.");
        if (new[] { request.Reasons, request.Missing }.Any(l => l is { } list && (list.Count > 50 || list.Any(x => string.IsNullOrWhiteSpace(x) || x.Length > 500))))
            return Problems.Validation("reasons", "Up to 50 reasons or missing items, each 1 to 500 characters.");

        var allowed = request.Outcome switch
        {
            Outcomes.Accepted => service.State == ServiceStates.Dispatched,
            Outcomes.SupplementRequired => service.State is ServiceStates.Dispatched or ServiceStates.Accepted,
            _ => service.IsOpen,
        };
        if (!allowed) return Problems.Conflict($"{serviceCode} is {service.State}: it cannot be {request.Outcome} now.");

        var problem = request.Outcome switch
        {
            Outcomes.Rejected when request.Reasons is not { Count: > 0 } => Problems.Validation("reasons", "A rejection gives its reasons."),
            Outcomes.SupplementRequired when request.Missing is not { Count: > 0 } => Problems.Validation("missing", "Say what is missing."),
            Outcomes.Completed when request.Results is { } r && r.Any(d => string.IsNullOrWhiteSpace(d.Name))
                => Problems.Validation("results", "Every result has a name."),
            _ => WolverineContinue.NoProblems,
        };
        return problem != WolverineContinue.NoProblems ? problem : await CheckLicences(request.Results ?? [], service.Plan.Department, session, ct);
    }

    private static double Hours(Application.ServiceState service, DateTimeOffset now) =>
        Math.Round((now - (service.DispatchedAt ?? now)).TotalHours, 4);

    // An e-licence among the results must be one the department pushed: later services receive it as a material.
    private static async Task<ProblemDetails> CheckLicences(IReadOnlyList<ServiceResultDocument> results, string department,
        IQuerySession session, CancellationToken ct)
    {
        var ids = results.Select(r => r.LicenceId).OfType<string>().Distinct().ToList();
        var licences = ids.Count == 0 ? [] : (await session.LoadManyAsync<LicenceView>(ct, ids)).ToDictionary(l => l.Id);
        foreach (var (result, i) in results.Select((r, i) => (r, i)).Where(x => x.r.LicenceId is not null))
        {
            var licence = licences.GetValueOrDefault(result.LicenceId!);
            if (licence is null || licence.Issuer != department || licence.RevokedAt is not null)
                return Problems.Validation($"results[{i}].licenceId", $"No valid licence {result.LicenceId} issued by {department}: push it first (POST /api/licences).");
            if (result.LicenceType is not null && result.LicenceType != licence.Type)
                return Problems.Validation($"results[{i}].licenceType", $"Licence {result.LicenceId} is a {licence.Type}.");
        }
        return WolverineContinue.NoProblems;
    }

    /// <summary>The responsible department reports: accepted, supplement required, completed (with results), rejected.</summary>
    [WolverinePost("/api/applications/{id}/services/{serviceCode}/outcome"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(string serviceCode, ServiceOutcome request,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] Application application,
        ClaimsPrincipal user, HttpContext http, IDocumentSession session, IMessageContext messaging, TimeProvider clock, WorkingCalendar calendar)
    {
        var correlation = CaseCorrelation.Adopt(application, http, session, messaging);
        var now = clock.GetUtcNow();
        var by = user.Id();
        var service = application.Services[serviceCode];
        object happened = request.Outcome switch
        {
            Outcomes.Accepted => new ServiceAccepted(application.Id, serviceCode, by, now),
            Outcomes.SupplementRequired => new SupplementRequested(application.Id, serviceCode, request.Missing!, request.Note,
                calendar.WorkingDaysBetween(now, service.DueAt ?? now), by, now),
            Outcomes.Completed => new ServiceCompleted(application.Id, serviceCode, service.Plan.Department, request.Results ?? [], request.Note,
                Hours(service, now), service.DueAt is null || now <= service.DueAt, by, now),
            _ => new ServiceRejected(application.Id, serviceCode, service.Plan.Department, request.Reasons!, Hours(service, now), by, now),
        };
        application.Decided(happened);
        var events = new Events { happened };
        var messages = new OutgoingMessages();
        if (happened is SupplementRequested asked)
            // The window tells the applicant what to bring: the front office hears of it on its own channel.
            messages.Add(DeliverToDepartment.To(DeliverToDepartment.Compose(MessageKinds.SupplementRequired, application.FrontOffice,
                correlation, now, new SupplementNotice(application.Id, serviceCode, asked.Missing, asked.Note))));
        Progress.Next(application, now, calendar, correlation, events, messages);

        return (Results.Accepted($"/api/applications/{application.Id}"), events, messages);
    }
}
