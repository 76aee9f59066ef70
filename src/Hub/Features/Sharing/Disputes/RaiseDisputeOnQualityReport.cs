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

/// <summary>The consumer contests the provider's answer to a quality report, or its silence past the
/// deadline.</summary>
public static class RaiseDisputeOnQualityReportEndpoint
{
    public static ProblemDetails Validate(QualityReport report, ClaimsPrincipal user)
    {
        if (!user.IsDepartment(report.Consumer)) return Problems.Forbidden("Only the consumer contests it.");
        var contestable = report.State == QualityState.ContestedByProvider
            || (report.State == QualityState.Open && report.Breached);
        return !contestable
            ? Problems.Conflict($"A report that is {report.StateName} cannot be disputed.")
            : WolverineContinue.NoProblems;
    }

    [ProducesResponseType<DisputeStatus>(201)]
    [WolverinePost("/api/quality-reports/{id}/disputes"), Authorize(Roles = Roles.Department)]
    public static (IResult, Events, IStartStream, OutgoingMessages) Post(
        RaiseDispute request,
        [WriteAggregate] QualityReport report,
        ClaimsPrincipal user,
        HttpContext http,
        TimeProvider clock,
        WorkingCalendar calendar)
    {
        var now = clock.GetUtcNow();
        var disputeId = Guid.CreateVersion7().ToString();
        var (result, dispute, messages) = DisputeOpening.Open(disputeId, report.Id, DisputeKind.QualityReport,
            report.Consumer, report.Provider, report.Resource, request.Position, user.Id(), http.CorrelationId(), now,
            calendar.AddWorkingDays(now, Dispute.RulingDays));
        return (result, [new QualityReportDisputed(report.Id, disputeId, now)], dispute, messages);
    }
}
