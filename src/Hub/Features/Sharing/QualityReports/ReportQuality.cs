using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Sharing;

public static class ReportQualityEndpoint
{
    public static ProblemDetails Validate(Exchange exchange, ClaimsPrincipal user) =>
        user.IsDepartment(exchange.Consumer)
            ? WolverineContinue.NoProblems
            : Problems.Forbidden("Only the consumer reports on its exchange.");

    /// <summary>The consumer reports wrong or missing data; the provider must answer within its deadline.</summary>
    [ProducesResponseType<QualityReportStatus>(201)]
    [WolverinePost("/api/exchanges/{id}/quality-reports"), Authorize(Roles = Roles.Department)]
    public static (IResult, IStartStream, OutgoingMessages) Post(
        ReportQuality request,
        [ReadAggregate] Exchange exchange,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock,
        WorkingCalendar calendar)
    {
        var now = clock.GetUtcNow();
        var due = calendar.AddWorkingDays(now, QualityReport.AnswerDays);
        var id = Guid.CreateVersion7().ToString();
        var reported = new QualityReported(id, exchange.Id, exchange.Resource, exchange.Provider, exchange.Consumer,
            request.Problem, request.Fields ?? [], due, user.Id(), now);
        var location = $"/api/quality-reports/{id}";
        return (Results.Created(location, QualityReportProjection.Create(reported).Status),
            MartenOps.StartStream<QualityReport>(id, reported),
            [
                SharingNotices.To(exchange.Provider, id, "quality-report", request.Problem, http.CorrelationId(), now,
                    location),
                new QualityAnswerDue(id, due).ScheduledAt(due),
            ]);
    }
}
