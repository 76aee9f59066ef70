using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class GetQualityReportEndpoint
{
    public static Task<QualityReportView?> LoadAsync(string id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<QualityReportView>(id, ct);

    public static ProblemDetails Validate(string id, QualityReportView? view, ClaimsPrincipal user) =>
        view is null ? Problems.NotFound($"No quality report {id}.")
        : user.ReadProblem("a quality report", view.Status.Consumer, view.Status.Provider);

    [ProducesResponseType<QualityReportStatus>(200)]
    [WolverineGet("/api/quality-reports/{id}"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    public static IResult Get(QualityReportView view) => Results.Ok(view.Status);
}
