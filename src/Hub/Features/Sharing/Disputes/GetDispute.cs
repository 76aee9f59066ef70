using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Sharing;

public static class GetDisputeEndpoint
{
    public static Task<DisputeView?> LoadAsync(string id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<DisputeView>(id, ct);

    public static ProblemDetails Validate(string id, DisputeView? view, ClaimsPrincipal user) =>
        view is null ? Problems.NotFound($"No dispute {id}.")
        : user.ReadProblem("a dispute", view.Status.Consumer, view.Status.Provider);

    [ProducesResponseType<DisputeStatus>(200)]
    [WolverineGet("/api/disputes/{id}"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    public static IResult Get(DisputeView view) => Results.Ok(view.Status);
}
