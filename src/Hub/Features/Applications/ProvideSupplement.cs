using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Delivery;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Applications;

public static class ProvideSupplementEndpoint
{
    public static ProblemDetails Validate(ProvideSupplement request, Application application, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(application.FrontOffice))
            return Problems.Forbidden("Only the front office of this application brings supplements.");
        if (application.Service(request.Service) is not { } service)
            return Problems.Validation("service", "Name a service of this application.");
        return service.Stage != ServiceStage.Supplement
            ? Problems.Conflict($"{request.Service} is {service.State}: it asked for no supplement.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// 补正: the applicant's supplement; the service's clock resumes with the working days it had left.
    /// </summary>
    /// <remarks>
    /// Locked like an outcome: the front office brings a supplement for one service while the departments of the
    /// others answer, and neither may be refused for the other's write (the_locks_that_stay shows the race).
    /// </remarks>
    [ProducesResponseType(202)]
    [WolverinePost("/api/applications/{id}/supplements"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(
        ProvideSupplement request,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] Application application,
        ClaimsPrincipal user,
        TimeProvider clock,
        WorkingCalendar calendar) =>
        Decide(request, application, user.Id(), clock.GetUtcNow(), calendar);

    public static (IResult, Events, OutgoingMessages) Decide(
        ProvideSupplement request,
        Application application,
        string by,
        DateTimeOffset now,
        WorkingCalendar calendar)
    {
        var service = application.Service(request.Service)!;
        // The clock stood still while the applicant gathered the supplement: the working time left runs from now.
        var due = calendar.AddWorkingTime(now, service.DaysLeftWhenPaused ?? 0);
        var provided = new SupplementProvided(application.Id, request.Service, request.Items, request.Note, due, by,
            now);

        // Every unit of a joint service was paused by the supplement: every one hears that it came.
        var messages = new OutgoingMessages();
        foreach (var unit in service.Plan.AllUnits)
            messages.Add(DeliverToDepartment.To(DeliverToDepartment.Compose(MessageKinds.SupplementProvided, unit,
                application.CorrelationId, now,
                new SupplementNotice(application.Id, request.Service, request.Items, request.Note))));
        messages.Add(new ServiceDeadlineReached(application.Id, request.Service, due).ScheduledAt(due));
        return (Results.Accepted($"/api/applications/{application.Id}"), [provided], messages);
    }
}
