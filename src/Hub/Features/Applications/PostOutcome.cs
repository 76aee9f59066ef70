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

/// <summary>The e-licences an outcome names among its results, by id, as the hub knows them.</summary>
public sealed record NamedLicences(IReadOnlyDictionary<string, LicenceView> ById);

public static class PostOutcomeEndpoint
{
    public static async Task<NamedLicences> LoadAsync(
        ServiceOutcome request,
        IQuerySession session,
        CancellationToken ct)
    {
        var ids = request?.Results?.Select(r => r?.LicenceId).OfType<string>().Distinct().ToList() ?? [];
        return new(ids.Count == 0 ? new Dictionary<string, LicenceView>()
            : (await session.LoadManyAsync<LicenceView>(ct, ids)).ToDictionary(l => l.Id));
    }

    public static ProblemDetails Validate(
        string serviceCode,
        ServiceOutcome request,
        Application application,
        ClaimsPrincipal user,
        NamedLicences licences)
    {
        if (application.Service(serviceCode) is not { } service)
            return Problems.NotFound($"Service '{serviceCode}' is not part of application {application.Id}.");
        if (service.Plan.AllUnits.FirstOrDefault(user.IsDepartment) is not { } unit)
            return Problems.Forbidden($"Only {string.Join(", ", service.Plan.AllUnits)} report on {serviceCode}.");

        if (!Allowed(request.Outcome, service, unit))
            return Problems.Conflict(service.Plan.IsJoint
                ? $"{unit}'s part of {serviceCode} is {service.StageOf(unit)} and the service {service.State}: "
                  + $"it cannot be {request.Outcome} now."
                : $"{serviceCode} is {service.State}: it cannot be {request.Outcome} now.");
        return CheckLicences(request.Results ?? [], unit, licences);
    }

    // A joint service pauses for every unit while one unit's supplement is awaited.
    private static bool Allowed(string outcome, ServiceState service, string unit) => !service.Plan.IsJoint
        ? outcome switch
        {
            Outcomes.Accepted => service.Stage == ServiceStage.Dispatched,
            Outcomes.SupplementRequired => service.Stage is ServiceStage.Dispatched or ServiceStage.Accepted,
            _ => service.IsOpen,
        }
        : service.Stage is ServiceStage.Dispatched or ServiceStage.Accepted && (outcome switch
        {
            Outcomes.Accepted => service.StageOf(unit) == ServiceStage.Dispatched,
            _ => service.StageOf(unit) is ServiceStage.Dispatched or ServiceStage.Accepted,
        });

    // An e-licence among the results must be one the department pushed: later services receive it as a material.
    private static ProblemDetails CheckLicences(
        IReadOnlyList<ServiceResultDocument> results,
        string department,
        NamedLicences licences)
    {
        foreach (var (result, i) in results.Select((r, i) => (r, i)).Where(x => x.r.LicenceId is not null))
        {
            var licence = licences.ById.GetValueOrDefault(result.LicenceId!);
            if (licence is null || licence.Issuer != department || licence.RevokedAt is not null)
                return Problems.Validation($"results[{i}].licenceId",
                    $"No valid licence {result.LicenceId} issued by {department}: push it first (POST /api/licences).");
            if (result.LicenceType is not null && result.LicenceType != licence.Type)
                return Problems.Validation($"results[{i}].licenceType",
                    $"Licence {result.LicenceId} is a {licence.Type}.");
        }
        return WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The responsible department reports: accepted, supplement required, completed (with results), rejected.
    /// </summary>
    /// <remarks>
    /// The stream is locked for the write: departments working in parallel on one application answer at the same
    /// moment, and docs/DEPARTMENT-SYSTEMS.md promises them no 409 for it (an optimistic version would refuse all but
    /// one). joint_processing.departments_answering_the_same_application_at_once_are_serialised_not_refused shows it.
    /// </remarks>
    [ProducesResponseType(202)]
    [WolverinePost("/api/applications/{id}/services/{serviceCode}/outcome"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(
        string serviceCode,
        ServiceOutcome request,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] Application application,
        ClaimsPrincipal user,
        NamedLicences licences,
        TimeProvider clock,
        WorkingCalendar calendar) =>
        Decide(serviceCode, request, application, user.Id(), clock.GetUtcNow(), calendar, licences,
            user.Department());

    public static (IResult, Events, OutgoingMessages) Decide(
        string serviceCode,
        ServiceOutcome request,
        Application application,
        string by,
        DateTimeOffset now,
        WorkingCalendar calendar,
        NamedLicences? licences = null,
        string? department = null)
    {
        var service = application.Service(serviceCode)!;
        var unit = department ?? service.Plan.Department;
        var joint = service.Plan.IsJoint ? unit : null;   // events of a single unit's service keep their shape
        var results = (request.Results ?? []).ToCase();
        object happened = request.Outcome switch
        {
            Outcomes.Accepted => new ServiceAccepted(application.Id, serviceCode, by, now, joint),
            Outcomes.SupplementRequired => new SupplementRequested(application.Id, serviceCode, request.Missing!,
                request.Note, calendar.WorkingDaysBetween(now, service.DueAt ?? now), by, now, joint),
            // 联办: the service is done when its last unit is; until then a unit's part is recorded as its own.
            Outcomes.Completed when service.UnitsLeft(unit).Any() => new UnitCompleted(application.Id, serviceCode,
                unit, results, request.Note, by, now),
            Outcomes.Completed => new ServiceCompleted(application.Id, serviceCode, unit,
                service.Plan.IsJoint ? [.. service.Documents, .. results] : results, request.Note, Hours(service, now),
                service.DueAt is null || now <= service.DueAt, by, now),
            // A rejection by any unit rejects the service, with that unit's reasons.
            _ => new ServiceRejected(application.Id, serviceCode, unit, request.Reasons!, Hours(service, now), by,
                now),
        };
        var messages = new OutgoingMessages();
        if (happened is SupplementRequested asked)
            // The window tells the applicant what to bring: the front office hears of it on its own channel.
            messages.Add(DeliverToDepartment.To(DeliverToDepartment.Compose(MessageKinds.SupplementRequired,
                application.FrontOffice, application.CorrelationId, now,
                new SupplementNotice(application.Id, serviceCode, asked.Missing, asked.Note))));

        var decided = new List<object> { happened };
        if (happened is ServiceCompleted completed)
            decided.AddRange(LicencesRead(application, completed, licences, now));
        var after = decided.Aggregate(application, (a, e) => a.Evolve(e));
        var (next, nextMessages) = Progress.Next(after, now, calendar);
        messages.AddRange(nextMessages);
        return (Results.Accepted($"/api/applications/{application.Id}"), [.. decided, .. next], messages);
    }

    // The fields of the e-licences among the results that later services' forms read, and only those.
    private static IEnumerable<ServiceLicenceRead> LicencesRead(Application application, ServiceCompleted completed,
        NamedLicences? licences, DateTimeOffset now)
    {
        var reads = application.Services.SelectMany(s => s.Plan.Fields ?? [])
            .Where(f => f.FromServices?.Contains(completed.Service) == true).ToList();
        foreach (var result in completed.Results.Where(r => r.LicenceId is not null))
        {
            if (licences?.ById.GetValueOrDefault(result.LicenceId!) is not { } view) continue;
            var held = new HeldLicence(view.Id, view.Type, view.Number, view.Document.Holder, view.Document.Fields);
            var fields = reads.Where(f => f.Licence == view.Type).Select(f => f.LicenceField!).Distinct()
                .Select(f => (Field: f, Value: held.Value(f))).Where(x => x.Value is { Length: > 0 })
                .ToDictionary(x => x.Field, x => x.Value!);
            if (fields.Count > 0)
                yield return new ServiceLicenceRead(application.Id, completed.Service, view.Id, view.Type, fields, now);
        }
    }

    private static double Hours(ServiceState service, DateTimeOffset now) =>
        Math.Round((now - (service.DispatchedAt ?? now)).TotalHours, 4);
}
