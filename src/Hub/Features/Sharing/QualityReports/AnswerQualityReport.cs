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

/// <summary>The provider answers: it accepts (and corrects) or contests the report.</summary>
public static class AnswerQualityReportEndpoint
{
    public static ProblemDetails Validate(QualityReport report, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(report.Provider)) return Problems.Forbidden("Only the provider answers it.");
        return report.State != QualityState.Open
            ? Problems.Conflict($"The report is {report.StateName}.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType(202)]
    [WolverinePost("/api/quality-reports/{id}/answer"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, OutgoingMessages) Post(
        AnswerQualityReport request,
        [WriteAggregate] QualityReport report,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return (Results.Accepted($"/api/quality-reports/{report.Id}"),
            [new QualityReportAnswered(report.Id, request.Accepted, request.Response, user.Id(), now)],
            [SharingNotices.To(report.Consumer, report.Id, request.Accepted ? "quality-accepted" : "quality-contested",
                request.Response, http.CorrelationId(), now)]);
    }
}
