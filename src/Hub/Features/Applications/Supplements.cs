using System.Security.Claims;
using Marten;
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
        if (!user.IsDepartment(application.FrontOffice)) return Problems.Forbidden("Only the front office of this application brings supplements.");
        if (request is null || !application.Services.TryGetValue(request.Service ?? "", out var service))
            return Problems.Validation("service", "Name a service of this application.");
        if (service.State != ServiceStates.Supplement) return Problems.Conflict($"{request.Service} is {service.State}: it asked for no supplement.");
        if (request.Items is not { Count: > 0 } || request.Items.Any(i => string.IsNullOrWhiteSpace(i) || i.Length > 500))
            return Problems.Validation("items", "List what the applicant brought (1 to 500 characters each).");
        return WolverineContinue.NoProblems;
    }

    /// <summary>补正: the applicant's supplement; the service's clock resumes with the working days it had left.</summary>
    [WolverinePost("/api/applications/{id}/supplements"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(ProvideSupplement request,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] Application application,
        ClaimsPrincipal user, HttpContext http, IDocumentSession session, IMessageContext messaging, TimeProvider clock, WorkingCalendar calendar)
    {
        var correlation = CaseCorrelation.Adopt(application, http, session, messaging);
        var now = clock.GetUtcNow();
        var service = application.Services[request.Service];
        var left = service.DaysLeftWhenPaused ?? 0;
        // The clock stood still while the applicant gathered the supplement: the working time left runs from now.
        var due = calendar.AddWorkingTime(now, left);
        var provided = new SupplementProvided(application.Id, request.Service, request.Items, request.Note, due, user.Id(), now);

        var notice = DeliverToDepartment.Compose(MessageKinds.SupplementProvided, service.Plan.Department, correlation, now,
            new SupplementNotice(application.Id, request.Service, request.Items, request.Note));
        var messages = new OutgoingMessages
        {
            DeliverToDepartment.To(notice),
            new ServiceDeadlineReached(application.Id, request.Service, due).ScheduledAt(due),
        };
        return (Results.Accepted($"/api/applications/{application.Id}"), new Events { provided }, messages);
    }
}

public static class RateApplicationEndpoint
{
    public static ProblemDetails Validate(RateApplication request, Application application, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(application.FrontOffice)) return Problems.Forbidden("Only the front office of this application passes on its rating.");
        if (!application.Finished) return Problems.Conflict("The application is not finished yet.");
        if (application.Rated) return Problems.Conflict("The application is already rated.");
        if (request is null || request.Score is < 1 or > 5) return Problems.Validation("score", "Rate from 1 (差) to 5 (好).");
        return request.Comment is { Length: > 1000 } ? Problems.Validation("comment", "At most 1000 characters.") : WolverineContinue.NoProblems;
    }

    /// <summary>好差评: the applicant's rating of the finished application, once.</summary>
    [WolverinePost("/api/applications/{id}/rating"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events) Post(RateApplication request, [WriteAggregate] Application application, ClaimsPrincipal user,
        HttpContext http, IDocumentSession session, IMessageContext messaging, TimeProvider clock)
    {
        CaseCorrelation.Adopt(application, http, session, messaging);
        return (Results.Accepted($"/api/applications/{application.Id}"),
            new Events { new ApplicationRated(application.Id, application.OneThing, request.Score, request.Comment, user.Id(), clock.GetUtcNow()) });
    }
}
