using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Ratings;

public static class GetRectificationEndpoint
{
    public static Task<RectificationView?> LoadAsync(string id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<RectificationView>(id, ct);

    public static ProblemDetails Validate(string id, RectificationView? view, ClaimsPrincipal user) =>
        view is null ? Problems.NotFound($"No rectification {id}.")
        : user.ReadProblem("a rectification", view.Department, view.FrontOffice);

    /// <summary>One rectification: the rated department, the front office and the coordinating office read it.
    /// </summary>
    [WolverineGet("/api/rectifications/{id}"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<RectificationStatus>(200)]
    public static IResult Get(RectificationView view, WorkingCalendar calendar) => Results.Ok(view.Read(calendar));
}
