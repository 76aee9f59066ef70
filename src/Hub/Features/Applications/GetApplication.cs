using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Applications;

public static class GetApplicationEndpoint
{
    public static Task<ApplicationView?> LoadAsync(string id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<ApplicationView>(id, ct);

    /// <summary>The front office, the departments involved and the coordinating office read it.</summary>
    public static ProblemDetails Validate(string id, ApplicationView? view, ClaimsPrincipal user) =>
        view is null
            ? Problems.NotFound($"No application {id}.")
            : user.ReadProblem("an application",
                [view.FrontOffice, .. view.Services.SelectMany(s => s.Plan.AllUnits)]);

    /// <summary>Every service's state, who holds it, since when and the working days left. For the front office, the
    /// departments involved and the coordinating office; others see nothing of it.</summary>
    [WolverineGet("/api/applications/{id}"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<ApplicationStatus>(200), ProducesResponseType<ProblemDetails>(404)]
    public static IResult Get(
        ApplicationView view,
        ClaimsPrincipal user,
        TimeProvider clock,
        WorkingCalendar calendar) =>
        Results.Ok(Status(view, clock.GetUtcNow(), calendar, showApplicant: user.Department() == view.FrontOffice));

    public static ApplicationStatus Status(
        ApplicationView v,
        DateTimeOffset now,
        WorkingCalendar calendar,
        bool showApplicant)
    {
        // Departments see the case, not the person's full identity: that travels only in their work items.
        var applicant = showApplicant ? v.Applicant : v.Applicant with
        {
            IdNumber = ApplicantIds.Mask(v.Applicant.IdNumber),
            Name = ApplicantIds.MaskName(v.Applicant.Name),
            Phone = null,
        };
        var services = v.Services.Select(s => new ServiceStatus(
            s.Plan.Code, s.Plan.Name, s.Plan.Department, s.State, s.Since, s.Plan.TimeLimitDays, s.DueAt,
            WorkingDaysLeft: s.State switch
            {
                ServiceStates.Supplement => s.DaysLeftWhenPaused,
                ServiceStates.Dispatched or ServiceStates.Accepted when s.DueAt is { } due =>
                    Math.Round(calendar.WorkingDaysBetween(now, due), 2),
                _ => null,
            },
            Overdue: s.Overdue,
            WaitingFor: s.State == ServiceStates.Waiting ? s.Plan.Prerequisites : null,
            Reasons: s.Reasons,
            Results: s.Results,
            Units: s.Units,
            Escalated: s.Escalated,
            DeadlineProvisional: calendar.IsProvisional(s.DueAt) ? true : null)).ToList();
        return new ApplicationStatus(v.Id, v.OneThing, v.Edition, v.State, applicant, v.FrontOffice, v.SubmittedAt,
            services, v.MaterialsSpared, v.Delivery, v.FinishedAt, v.ResultsDeliveredAt, v.Rating);
    }
}
