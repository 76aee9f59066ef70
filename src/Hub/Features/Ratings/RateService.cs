using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Applications;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Ratings;

public static class RateServiceEndpoint
{
    public static ProblemDetails Validate(
        string serviceCode,
        RateService request,
        Application application,
        ClaimsPrincipal user)
    {
        if (!user.IsDepartment(application.FrontOffice))
            return Problems.Forbidden("Only the front office of this application passes on its ratings.");
        if (application.Service(serviceCode) is not { } service)
            return Problems.NotFound($"Service '{serviceCode}' is not part of application {application.Id}.");
        if (RatingLevels.Parse(request.Level) is null)
            return Problems.Validation("level",
                $"Use one of {string.Join(", ", RatingLevels.All)} or {string.Join("、", RatingLevels.Names)}.");
        if (service.Stage is not (ServiceStage.Completed or ServiceStage.Rejected))
            return Problems.Conflict($"{serviceCode} is {service.State}: a service is rated once it is finished.");
        return application.IsRated(serviceCode)
            ? Problems.Conflict($"一次一评: {serviceCode} of this application is rated already.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// 好差评 for one finished service (completed or rejected), attributed to its responsible units. 不满意 or worse
    /// opens a rectification for each of them, due in <see cref="HubOptions.RectificationDays"/> working days.
    /// </summary>
    /// <remarks>
    /// The stream is locked for the write, as an outcome's is: a rating of a finished service may come while other
    /// services of the application are still being worked on, and an optimistic version would refuse the
    /// departments' outcomes posted at that moment (docs/DEPARTMENT-SYSTEMS.md promises them no 409 for it).
    /// rating_a_service.a_rating_and_an_outcome_at_the_same_moment_both_succeed shows it.
    /// </remarks>
    [ProducesResponseType<ServiceRating>(201)]
    [WolverinePost("/api/applications/{id}/services/{serviceCode}/rating"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, IEnumerable<IMartenOp>, OutgoingMessages) Post(
        string serviceCode,
        RateService request,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] Application application,
        ClaimsPrincipal user,
        HubOptions options,
        TimeProvider clock,
        WorkingCalendar calendar) =>
        Decide(serviceCode, request, application, user.Id(), clock.GetUtcNow(), options.RectificationDays, calendar);

    public static (IResult, Events, IEnumerable<IMartenOp>, OutgoingMessages) Decide(
        string serviceCode,
        RateService request,
        Application application,
        string by,
        DateTimeOffset now,
        int days,
        WorkingCalendar calendar)
    {
        var service = application.Service(serviceCode)!;
        var level = RatingLevels.Parse(request.Level)!;
        var comment = request.Comment is { Length: > 0 } text ? text : null;
        var due = calendar.AddWorkingDays(now, days);
        List<RectificationOpened> opened = !RatingLevels.IsBad(level) ? [] :
        [
            .. service.Plan.AllUnits.Select(unit => new RectificationOpened(Guid.CreateVersion7(now).ToString(),
                application.Id, application.OneThing, serviceCode, unit, application.FrontOffice, level, comment,
                days, due, now)),
        ];
        var rated = new ServiceRated(application.Id, serviceCode, application.OneThing, application.FrontOffice,
            service.Plan.AllUnits, level, comment, [.. opened.Select(o => o.Id)], by, now);

        var messages = new OutgoingMessages();
        foreach (var o in opened)
        {
            var state = Rectification.Create(o, application.CorrelationId);
            messages.Add(RectificationNotices.To(o.Department, MessageKinds.RectificationOpened, state, now,
                $"{RatingLevels.NameOf(level)}: reply by {due:yyyy-MM-dd HH:mm zzz}"));
            messages.Add(new RectificationDue(o.Id, due).ScheduledAt(due));
        }
        var answer = new ServiceRating(application.Id, serviceCode, level, RatingLevels.NameOf(level),
            rated.Departments, now, rated.Rectifications, comment);
        return (Results.Created($"/api/applications/{application.Id}", answer), [rated],
            [.. opened.Select(o => MartenOps.StartStream<Rectification>(o.Id, o))], messages);
    }
}
